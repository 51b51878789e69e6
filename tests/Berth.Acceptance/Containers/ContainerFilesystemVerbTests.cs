using Berth.Acceptance.Registry;

namespace Berth.Acceptance.Containers;

/// <summary>`cp`, `diff`, `export`, `commit`, `mount` and `umount` on real containers, with Podman 4.3's output and errors.</summary>
public sealed class ContainerFilesystemVerbTests(BusyboxEngineRoot root) : ContainerTestBase(root), IDisposable
{
    private readonly string _host = Directory.CreateTempSubdirectory("berth-cp-cli-").FullName;

    private Task<ProcessResult> ShellAsync(string script) => DockerRegistry.TryRunAsync("/bin/sh", "-c", script);

    private string Berth => $"{BerthBinary.Launcher} --root {Root.Path}";

    [Fact]
    public async Task Cp_FilesAndTreesBothWays_AndATarOnStdin()
    {
        await RunDetachedAsync("--name", "files", Image, "sleep", "300");
        var tree = Directory.CreateDirectory(Path.Combine(_host, "tree")).FullName;
        File.WriteAllText(Path.Combine(tree, "a.txt"), "hello\n");
        Directory.CreateDirectory(Path.Combine(tree, "sub"));
        File.WriteAllText(Path.Combine(tree, "sub", "b.txt"), "nested\n");
        File.WriteAllText(Path.Combine(_host, "streamed.txt"), "streamed\n");

        var intoDir = await BerthAsync("cp", tree, "files:/tmp");
        var renamed = await BerthAsync("cp", Path.Combine(tree, "a.txt"), "files:/tmp/renamed.txt");
        var stdin = await ShellAsync($"tar -C {_host} -cf - streamed.txt | {Berth} cp - files:/tmp");
        var read = await BerthAsync("exec", "files", "sh", "-c", "cat /tmp/tree/a.txt /tmp/tree/sub/b.txt /tmp/renamed.txt /tmp/streamed.txt");
        var fileOut = await BerthAsync("cp", "files:/etc/passwd", Path.Combine(_host, "passwd"));
        var treeOut = await BerthAsync("cp", "files:/tmp/tree", Path.Combine(_host, "back"));
        var stdout = await ShellAsync($"{Berth} cp files:/tmp/tree/sub - | tar -tf -");

        Assert.True(intoDir.ExitCode == 0, intoDir.Stderr);
        Assert.True(renamed.ExitCode == 0, renamed.Stderr);
        Assert.True(stdin.ExitCode == 0, stdin.Stderr);
        Assert.Equal("hello\nnested\nhello\nstreamed\n", read.Stdout);
        Assert.True(fileOut.ExitCode == 0, fileOut.Stderr);
        Assert.StartsWith("root:x:0:0:", File.ReadAllText(Path.Combine(_host, "passwd")));
        Assert.True(treeOut.ExitCode == 0, treeOut.Stderr);
        Assert.Equal("nested\n", File.ReadAllText(Path.Combine(_host, "back", "sub", "b.txt")));
        Assert.Equal(["sub/", "sub/b.txt"], stdout.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Cp_IntoAContainer_GivesFilesToItsUser_OrKeepsTheirOwnersWithArchiveFalse()
    {
        await RunDetachedAsync("--name", "owned", "--user", "1000:1001", Image, "sleep", "300");
        var tree = Directory.CreateDirectory(Path.Combine(_host, "owned")).FullName;
        File.WriteAllText(Path.Combine(tree, "f"), "x\n");
        var setuid = Path.Combine(_host, "setuid");
        File.WriteAllText(setuid, "#!/bin/sh\n");
        var owned = await ShellAsync($"chown -R 4242:4343 {tree} && chmod 4755 {setuid}");
        Assert.True(owned.ExitCode == 0, owned.Stderr);

        var archived = await BerthAsync("cp", tree, "owned:/tmp/archived");
        var kept = await BerthAsync("cp", "--archive=false", tree, "owned:/tmp/kept");
        var special = await BerthAsync("cp", setuid, "owned:/tmp/setuid");
        var owners = await BerthAsync("exec", "owned", "stat", "-c", "%n %u:%g", "/tmp/archived", "/tmp/archived/f", "/tmp/kept", "/tmp/kept/f");
        var mode = await BerthAsync("exec", "owned", "stat", "-c", "%a %u", "/tmp/setuid");

        Assert.True(archived.ExitCode == 0, archived.Stderr);
        Assert.True(kept.ExitCode == 0, kept.Stderr);
        Assert.True(special.ExitCode == 0, special.Stderr);
        Assert.Equal("/tmp/archived 1000:1001\n/tmp/archived/f 1000:1001\n/tmp/kept 4242:4343\n/tmp/kept/f 4242:4343\n", owners.Stdout);
        Assert.Equal("4755 1000\n", mode.Stdout);
    }

    [Fact]
    public async Task Cp_BadInput_PodmansErrorsAndNothingCopied()
    {
        await RunDetachedAsync("--name", "target", Image, "sleep", "300");
        File.WriteAllText(Path.Combine(_host, "f"), "x");

        var noContainer = await BerthAsync("cp", Path.Combine(_host, "f"), "nosuch:/tmp");
        var noPath = await BerthAsync("cp", "target:/nope", Path.Combine(_host, "nope"));
        var noHostPath = await BerthAsync("cp", Path.Combine(_host, "missing"), "target:/tmp");
        var noParent = await BerthAsync("cp", Path.Combine(_host, "f"), "target:/no/such/x");
        var dirOverFile = await BerthAsync("cp", _host, "target:/etc/passwd");

        Assert.Equal((125, "Error: no container with name or ID \"nosuch\" found: no such container\n"), (noContainer.ExitCode, noContainer.Stderr));
        Assert.Equal((125, "Error: \"/nope\" could not be found on container target: no such file or directory\n"), (noPath.ExitCode, noPath.Stderr));
        Assert.False(Path.Exists(Path.Combine(_host, "nope")));
        Assert.Equal($"Error: \"{Path.Combine(_host, "missing")}\" could not be found on the host: no such file or directory\n", noHostPath.Stderr);
        Assert.Equal("Error: \"/no/such/x\" could not be found on container target: no such file or directory\n", noParent.Stderr);
        Assert.Equal(125, dirOverFile.ExitCode);
        Assert.Contains("cannot overwrite non-directory", dirOverFile.Stderr);
    }

    [Fact]
    public async Task Diff_TouchedAndRemovedFiles_PodmansLinesAndJson()
    {
        var run = await BerthAsync("run", "--name", "changed", "--network", "none", Image, "sh", "-c", "touch /tmp/x; rm /etc/group; echo hi > /bin/new");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var diff = await BerthAsync("diff", "changed");
        var json = await BerthAsync("container", "diff", "--format", "json", "changed");
        var missing = await BerthAsync("diff", "nosuch");

        Assert.True(diff.ExitCode == 0, diff.Stderr);
        Assert.Equal("C /bin\nA /bin/new\nC /etc\nD /etc/group\nC /tmp\nA /tmp/x\n", diff.Stdout);
        Assert.Contains("\"deleted\": [\n    \"/etc/group\"\n  ]", json.Stdout);
        Assert.Equal(125, missing.ExitCode);
    }

    [Fact]
    public async Task Export_PipedIntoTar_ListsTheContainersFiles()
    {
        var run = await BerthAsync("run", "--name", "exported", "--network", "none", Image, "sh", "-c", "echo data > /root/mine");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var listing = await ShellAsync($"{Berth} export exported | tar -tf -");
        var toFile = await BerthAsync("export", "-o", Path.Combine(_host, "out.tar"), "exported");
        var fromFile = await ShellAsync($"tar -xOf {Path.Combine(_host, "out.tar")} root/mine");

        Assert.True(listing.ExitCode == 0, listing.Stderr);
        var names = listing.Stdout.Split('\n');
        Assert.Contains("bin/busybox", names);
        Assert.Contains("root/mine", names);
        Assert.True(toFile.ExitCode == 0, toFile.Stderr);
        Assert.Equal("data\n", fromFile.Stdout);
    }

    [Fact]
    public async Task Commit_WithChanges_TheNewImageRunsWithTheFilesAndCmd()
    {
        var run = await BerthAsync("run", "--name", "source", "--network", "none", Image, "sh", "-c", "echo committed > /root/file");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var commit = await BerthAsync("commit", "-m", "a message", "-a", "me", "-c", "CMD [\"cat\", \"/root/file\"]", "-c", "ENV GREETING=hi", "source", "localhost/committed:1");
        var started = await BerthAsync("run", "--rm", "--network", "none", "localhost/committed:1");
        var env = await BerthAsync("run", "--rm", "--network", "none", "localhost/committed:1", "sh", "-c", "echo $GREETING");
        var history = await BerthAsync("history", "--format", "{{.Comment}}", "localhost/committed:1");

        Assert.True(commit.ExitCode == 0, commit.Stderr);
        Assert.Matches("^[0-9a-f]{64}\n$", commit.Stdout);
        Assert.Equal("committed\n", started.Stdout);
        Assert.Equal("hi\n", env.Stdout);
        Assert.StartsWith("a message\n", history.Stdout);
        await BerthAsync("rmi", "localhost/committed:1");
    }

    [Fact]
    public async Task Commit_BadInput_PodmansErrorsAndNoImage()
    {
        await BerthAsync("create", "--name", "bad", "--network", "none", Image, "true");

        var missing = await BerthAsync("commit", "nosuch", "localhost/never:1");
        var badChange = await BerthAsync("commit", "-c", "FOO bar", "bad", "localhost/never:1");
        var squash = await BerthAsync("commit", "--squash", "bad", "localhost/never:1");
        var exists = await BerthAsync("image", "exists", "localhost/never:1");

        Assert.Equal((125, "Error: no container with name or ID \"nosuch\" found: no such container\n"), (missing.ExitCode, missing.Stderr));
        Assert.Equal((125, "Error: invalid change \"FOO bar\" - invalid instruction FOO\n"), (badChange.ExitCode, badChange.Stderr));
        Assert.Equal(125, squash.ExitCode);
        Assert.Equal(1, exists.ExitCode);
    }

    [Fact]
    public async Task Mount_ExitedContainer_PathHoldsItsFilesUntilUmount()
    {
        var run = await BerthAsync("run", "--name", "mounted", "--network", "none", Image, "sh", "-c", "echo kept > /root/mine");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var mount = await BerthAsync("mount", "mounted");
        var path = mount.Stdout.Trim();
        var content = File.ReadAllText(Path.Combine(path, "root", "mine"));
        var listed = await BerthAsync("mount");
        var umount = await BerthAsync("umount", "mounted");
        var after = await BerthAsync("mount");

        Assert.True(mount.ExitCode == 0, mount.Stderr);
        Assert.Equal("kept\n", content);
        Assert.Contains($"  {path}\n", listed.Stdout);
        Assert.Equal((0, "mounted\n"), (umount.ExitCode, umount.Stdout));
        Assert.DoesNotContain(path, after.Stdout);
        Assert.False(File.Exists(Path.Combine(path, "root", "mine")));
    }

    [Fact]
    public async Task ImageTree_CommittedImage_TwoLayersEachTopOfItsImage()
    {
        var run = await BerthAsync("run", "--name", "layered", "--network", "none", Image, "touch", "/root/x");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var commit = await BerthAsync("commit", "layered", "localhost/treed:1");
        Assert.True(commit.ExitCode == 0, commit.Stderr);

        var tree = await BerthAsync("image", "tree", "localhost/treed:1");

        Assert.True(tree.ExitCode == 0, tree.Stderr);
        var lines = tree.Stdout.Split('\n');
        Assert.Equal($"Image ID: {commit.Stdout[..12]}", lines[0]);
        Assert.Equal("Tags:     [localhost/treed:1]", lines[1]);
        Assert.Equal("Image Layers", lines[3]);
        Assert.Matches($"^├── ID: [0-9a-f]{{12}} Size: .+ Top Layer of: \\[{Image}\\]$", lines[4]);
        Assert.Matches("^└── ID: [0-9a-f]{12} Size: .+ Top Layer of: \\[localhost/treed:1\\]$", lines[5]);
        await BerthAsync("rmi", "localhost/treed:1");
    }

    [Fact]
    public async Task Attach_RunningLoop_SeesItsOutputAndReturnsItsExitCode()
    {
        await RunDetachedAsync("--name", "looping", Image, "sh", "-c", "i=0; while [ $i -lt 5 ]; do echo line$i; i=$((i+1)); sleep 1; done; exit 7");

        var attach = await BerthAsync("attach", "--no-stdin", "looping");
        var exited = await BerthAsync("attach", "looping");

        Assert.Equal(7, attach.ExitCode);
        Assert.EndsWith("line4\n", attach.Stdout);
        Assert.Equal((125, "Error: you can only attach to running containers\n"), (exited.ExitCode, exited.Stderr));
    }

    [Fact]
    public async Task Info_TemplateJsonAndYaml_PodmansFields()
    {
        var arch = await BerthAsync("info", "-f", "{{.Host.Arch}}");
        var json = await BerthAsync("info", "--format", "json");
        var yaml = await BerthAsync("system", "info");

        Assert.Equal((0, "amd64\n"), (arch.ExitCode, arch.Stdout));
        var parsed = System.Text.Json.Nodes.JsonNode.Parse(json.Stdout)!;
        Assert.Equal(Root.Path, (string?)parsed["store"]!["graphRoot"]);
        Assert.Equal(Environment.ProcessorCount, (int?)parsed["host"]!["cpus"]);
        Assert.Contains("\nstore:\n", yaml.Stdout);
        Assert.Contains($"  graphRoot: {Root.Path}\n", yaml.Stdout);
    }

    public void Dispose() => Directory.Delete(_host, recursive: true);
}
