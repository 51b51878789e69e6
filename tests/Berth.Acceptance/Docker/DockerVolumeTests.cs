namespace Berth.Acceptance.Docker;

/// <summary>The real docker CLI's named volumes on Berth's socket: create, ls, inspect, reuse across containers, rm, prune.</summary>
public sealed class DockerVolumeTests(DockerSocket socket) : IClassFixture<DockerSocket>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await socket.RemoveAllContainersAsync();
        await socket.DockerAsync("volume", "prune", "-a", "-f");
    }

    [Fact]
    public async Task NamedVolume_OutlivesItsContainerAndIsReusedByTheNext()
    {
        var create = await socket.DockerAsync("volume", "create", "--label", "team=data", "shared");
        var write = await socket.DockerAsync("run", "--rm", "--network", "none", "-v", "shared:/data", DockerSocket.Image, "sh", "-c", "echo kept > /data/file");
        var read = await socket.DockerAsync("run", "--rm", "--network", "none", "-v", "shared:/data:ro", DockerSocket.Image, "cat", "/data/file");
        var readOnly = await socket.DockerAsync("run", "--rm", "--network", "none", "-v", "shared:/data:ro", DockerSocket.Image, "touch", "/data/other");
        var ls = await socket.DockerAsync("volume", "ls", "--filter", "label=team=data", "--format", "{{.Name}} {{.Driver}}");
        var inspect = await socket.DockerAsync("volume", "inspect", "-f", "{{.Mountpoint}}", "shared");

        Assert.Equal((0, "shared\n"), (create.ExitCode, create.Stdout));
        Assert.True(write.ExitCode == 0, write.Stderr);
        Assert.Equal((0, "kept\n"), (read.ExitCode, read.Stdout));
        Assert.NotEqual(0, readOnly.ExitCode);
        Assert.Equal("shared local\n", ls.Stdout);
        Assert.Equal(Path.Combine(socket.Root, "volumes", "shared", "_data") + "\n", inspect.Stdout);
        Assert.Equal("kept\n", File.ReadAllText(Path.Combine(socket.Root, "volumes", "shared", "_data", "file")));
    }

    [Fact]
    public async Task AnonymousVolume_SharedByVolumesFromRemovedWithRmVAndPrunedWithoutNamedOnes()
    {
        var owner = await socket.DockerAsync("run", "--name", "anon", "--network", "none", "-v", "/scratch", DockerSocket.Image, "sh", "-c", "echo x > /scratch/f");
        var anonymous = (await socket.DockerAsync("volume", "ls", "-q")).Stdout.Trim();
        var shared = await socket.DockerAsync("run", "--rm", "--network", "none", "--volumes-from", "anon:ro", DockerSocket.Image, "cat", "/scratch/f");
        await socket.DockerAsync("volume", "create", "named-kept");
        var second = await socket.DockerAsync("run", "--name", "anon2", "--network", "none", "-v", "/scratch", DockerSocket.Image, "true");
        var rmV = await socket.DockerAsync("rm", "-v", "anon");
        var afterRmV = await socket.DockerAsync("volume", "inspect", anonymous);
        await socket.DockerAsync("rm", "anon2");
        var pruned = await socket.DockerAsync("volume", "prune", "-f");
        var left = await socket.DockerAsync("volume", "ls", "-q");

        Assert.True(owner.ExitCode == 0, owner.Stderr);
        Assert.Matches("^[0-9a-f]{64}$", anonymous);
        Assert.Equal((0, "x\n"), (shared.ExitCode, shared.Stdout));
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Equal(0, rmV.ExitCode);
        Assert.NotEqual(0, afterRmV.ExitCode);
        Assert.Equal(0, pruned.ExitCode);
        Assert.Matches("^Deleted Volumes:\n[0-9a-f]{64}\n", pruned.Stdout);
        Assert.Equal("named-kept\n", left.Stdout);
    }

    [Fact]
    public async Task MountFlag_VolumeNoCopyBindAndTmpfs_ThroughHostConfigMounts()
    {
        var host = Directory.CreateTempSubdirectory("berth-docker-mount-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(host.FullName, "f"), "from host");
            var run = await socket.DockerAsync("run", "--name", "mounted", "--network", "none",
                "--mount", "type=volume,source=fresh,target=/etc,volume-nocopy",
                "--mount", $"type=bind,source={host.FullName},target=/host,readonly",
                "--mount", "type=tmpfs,target=/t,tmpfs-size=1048576",
                "--tmpfs", "/run/x:size=2m",
                DockerSocket.Image, "sh", "-c", "cat /host/f; echo; grep -E ' /(t|run/x) ' /proc/mounts; touch /host/g");
            var inspect = await socket.DockerAsync("inspect", "-f", "{{range .Mounts}}{{.Type}}:{{.Destination}} {{end}}{{json .HostConfig.Tmpfs}}", "mounted");
            var missing = await socket.DockerAsync("run", "--rm", "--mount", "type=bind,source=/no/such/dir,target=/x", DockerSocket.Image, "true");

            Assert.Equal(1, run.ExitCode);
            Assert.StartsWith("from host\n", run.Stdout);
            Assert.Matches(@"(?m)^tmpfs /t tmpfs rw,[^ ]*size=1024k", run.Stdout);
            Assert.Matches(@"(?m)^tmpfs /run/x tmpfs rw,[^ ]*size=2048k", run.Stdout);
            Assert.Contains("Read-only file system", run.Stderr);
            Assert.Equal($"volume:/etc bind:/host tmpfs:/run/x tmpfs:/t {{\"/run/x\":\"rw,noexec,nosuid,nodev,size=2m\",\"/t\":\"rw,noexec,nosuid,nodev,size=1048576\"}}\n", inspect.Stdout);
            // The image's /etc/passwd is not copied up; only the engine's mount points (hosts, resolv.conf…) are made there.
            Assert.DoesNotContain("passwd", Directory.EnumerateFileSystemEntries(Path.Combine(socket.Root, "volumes", "fresh", "_data")).Select(Path.GetFileName));
            Assert.NotEqual(0, missing.ExitCode);
            Assert.Contains("bind source path does not exist: /no/such/dir", missing.Stderr);
        }
        finally
        {
            host.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task VolumeInUse_RefusedWith409UntilTheContainerIsGone()
    {
        var run = await socket.DockerAsync("run", "-d", "--name", "holder", "--network", "none", "-v", "held:/data", DockerSocket.Image, "sleep", "300");
        var busy = await socket.DockerAsync("volume", "rm", "held");
        var stillThere = await socket.DockerAsync("volume", "ls", "-q");
        await socket.DockerAsync("rm", "-f", "holder");
        var rm = await socket.DockerAsync("volume", "rm", "held");
        var missing = await socket.DockerAsync("volume", "inspect", "held");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.NotEqual(0, busy.ExitCode);
        Assert.Contains("volume is in use", busy.Stderr);
        Assert.Contains("held", stillThere.Stdout.Split('\n'));
        Assert.Equal((0, "held\n"), (rm.ExitCode, rm.Stdout));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("no such volume", missing.Stderr);
        Assert.False(Directory.Exists(Path.Combine(socket.Root, "volumes", "held")));
    }

    [Fact]
    public async Task BadVolumeName_RefusedAndNothingCreated()
    {
        var create = await socket.DockerAsync("volume", "create", "no/slashes");
        var run = await socket.DockerAsync("run", "--rm", "--network", "none", "-v", "bad@name:/data", DockerSocket.Image, "true");
        var ls = await socket.DockerAsync("volume", "ls", "-q");
        var all = await socket.DockerAsync("ps", "-a", "-q");

        Assert.NotEqual(0, create.ExitCode);
        Assert.Contains("invalid characters for a local volume name", create.Stderr);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("use absolute path", run.Stderr);
        Assert.Equal(("", ""), (ls.Stdout, all.Stdout));
    }
}
