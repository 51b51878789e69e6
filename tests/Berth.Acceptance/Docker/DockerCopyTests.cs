namespace Berth.Acceptance.Docker;

/// <summary>The real docker CLI's `cp` both ways on Berth's socket (GET/PUT/HEAD /containers/{id}/archive).</summary>
public sealed class DockerCopyTests(DockerSocket socket) : IClassFixture<DockerSocket>, IAsyncLifetime
{
    private readonly string _host = Directory.CreateTempSubdirectory("berth-cp-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await socket.RemoveAllContainersAsync();
        Directory.Delete(_host, recursive: true);
    }

    [Fact]
    public async Task Cp_IntoAndOutOfARunningContainer_CopiesFilesAndTrees()
    {
        var run = await socket.DockerAsync("run", "-d", "--name", "files", "--network", "none", DockerSocket.Image, "sleep", "300");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var tree = Directory.CreateDirectory(Path.Combine(_host, "tree")).FullName;
        File.WriteAllText(Path.Combine(tree, "a.txt"), "hello\n");
        Directory.CreateDirectory(Path.Combine(tree, "sub"));
        File.WriteAllText(Path.Combine(tree, "sub", "b.txt"), "nested\n");
        File.CreateSymbolicLink(Path.Combine(tree, "link"), "a.txt");

        var into = await socket.DockerAsync("cp", tree, "files:/tmp/in");
        var read = await socket.DockerAsync("exec", "files", "sh", "-c", "cat /tmp/in/a.txt /tmp/in/sub/b.txt; readlink /tmp/in/link");
        var fileOut = await socket.DockerAsync("cp", "files:/etc/hostname", Path.Combine(_host, "hostname"));
        var treeOut = await socket.DockerAsync("cp", "files:/tmp/in", Path.Combine(_host, "back"));
        var renamed = await socket.DockerAsync("cp", Path.Combine(tree, "a.txt"), "files:/tmp/renamed.txt");
        var readRenamed = await socket.DockerAsync("exec", "files", "cat", "/tmp/renamed.txt");

        Assert.True(into.ExitCode == 0, into.Stderr);
        Assert.Equal("hello\nnested\na.txt\n", read.Stdout);
        Assert.True(fileOut.ExitCode == 0, fileOut.Stderr);
        Assert.Equal(12, File.ReadAllText(Path.Combine(_host, "hostname")).Trim().Length);
        Assert.True(treeOut.ExitCode == 0, treeOut.Stderr);
        Assert.Equal("nested\n", File.ReadAllText(Path.Combine(_host, "back", "sub", "b.txt")));
        Assert.Equal("a.txt", new FileInfo(Path.Combine(_host, "back", "link")).LinkTarget);
        Assert.True(renamed.ExitCode == 0, renamed.Stderr);
        Assert.Equal("hello\n", readRenamed.Stdout);
    }

    [Fact]
    public async Task Cp_KeepsTheSourcesOwners_AndArchiveGivesThemToTheContainersUser()
    {
        var run = await socket.DockerAsync("run", "-d", "--name", "owned", "--user", "1000:1001", "--network", "none", DockerSocket.Image, "sleep", "300");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var file = Path.Combine(_host, "f");
        File.WriteAllText(file, "x\n");
        var chown = await socket.ShellAsync($"chown 4242:4343 {file} && chmod 600 {file}");
        Assert.True(chown.ExitCode == 0, chown.Stderr);

        var kept = await socket.DockerAsync("cp", file, "owned:/tmp/kept");
        var archived = await socket.DockerAsync("cp", "-a", file, "owned:/tmp/archived");
        var owners = await socket.DockerAsync("exec", "owned", "stat", "-c", "%n %u:%g %a", "/tmp/kept", "/tmp/archived");

        Assert.True(kept.ExitCode == 0, kept.Stderr);
        Assert.True(archived.ExitCode == 0, archived.Stderr);
        Assert.Equal("/tmp/kept 4242:4343 600\n/tmp/archived 1000:1001 600\n", owners.Stdout);
    }

    [Fact]
    public async Task Cp_FromAStoppedContainer_ReadsItsFilesAndItStartsAgain()
    {
        var run = await socket.DockerAsync("run", "--name", "done", "--network", "none", DockerSocket.Image, "sh", "-c", "echo result > /out.txt");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var copy = await socket.DockerAsync("cp", "done:/out.txt", Path.Combine(_host, "out.txt"));
        var start = await socket.DockerAsync("start", "done");
        var wait = await socket.DockerAsync("wait", "done");

        Assert.True(copy.ExitCode == 0, copy.Stderr);
        Assert.Equal("result\n", File.ReadAllText(Path.Combine(_host, "out.txt")));
        Assert.True(start.ExitCode == 0, start.Stderr);
        Assert.Equal("0\n", wait.Stdout);
    }

    [Fact]
    public async Task Cp_MissingPath_SaysSoInDockersWords()
    {
        var run = await socket.DockerAsync("run", "-d", "--name", "nofile", "--network", "none", DockerSocket.Image, "sleep", "300");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var from = await socket.DockerAsync("cp", "nofile:/nope", Path.Combine(_host, "nope"));
        var into = await socket.DockerAsync("cp", Path.Combine(_host), "nofile:/no/such/dir/x");

        Assert.NotEqual(0, from.ExitCode);
        Assert.Contains("Could not find the file /nope in container nofile", from.Stderr);
        Assert.False(Path.Exists(Path.Combine(_host, "nope")));
        Assert.NotEqual(0, into.ExitCode);
        Assert.Contains("Could not find the file /no/such/dir in container nofile", into.Stderr);
    }
}
