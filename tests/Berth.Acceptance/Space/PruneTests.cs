namespace Berth.Acceptance.Space;

/// <summary>`image prune`, `container prune` and `system prune` through the real binary, with real containers.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PruneTests : IAsyncLifetime
{
    private readonly SpaceRoot _root = new();

    [Fact]
    public async Task ImagePrune_DanglingImageBesideATaggedOne_RemovesOnlyTheDanglingOneAndItsContent()
    {
        var dangling = await TestImages.ImportBusyboxAsync(_root.Path, "localhost/app:1");
        var tagged = await TestImages.ImportBusyboxAsync(_root.Path, "localhost/app:1");
        Assert.NotEqual(dangling, tagged);

        var prune = await _root.MustAsync("image", "prune", "-f");

        var lines = prune.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(dangling, lines[0]);
        Assert.Matches(@"^Total reclaimed space: [1-9][0-9.]*[kM]B$", lines[^1]);
        Assert.Equal(2, lines.Length);
        Assert.Equal([tagged[..12]], await _root.ImageIdsAsync());
        Assert.Equal(3, _root.Blobs().Count);
        Assert.Single(_root.Snapshots());
        Assert.Equal("ok\n", await _root.MustAsync("run", "--rm", "--network", "none", "app:1", "echo", "ok"));
    }

    [Fact]
    public async Task ImagePrune_AfterABuild_DropsTheUntaggedStepImagesAndKeepsTheBuiltImageWhole()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "localhost/base:1");
        using var context = new Images.BuildContext();
        context.WithFile("msg", "copied\n").WithContainerfile("""
            FROM base:1
            RUN echo ran > /ran
            COPY msg /msg
            CMD ["cat", "/ran", "/msg"]
            """);
        await _root.MustAsync("build", "-t", "built:1", context.Path);
        var before = await _root.ImageIdsAsync();

        var prune = await _root.MustAsync("image", "prune", "-f");
        var after = await _root.ImageIdsAsync();
        var rebuild = await _root.BerthAsync("build", "-t", "built:2", context.Path);

        Assert.True(before.Count > 2, "the build left no step images to prune");
        Assert.Equal(before.Count - 2, prune.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);
        Assert.Equal(2, after.Count); // base and built
        Assert.Equal("ran\ncopied\n", await _root.MustAsync("run", "--rm", "--network", "none", "built:1"));
        Assert.True(rebuild.ExitCode == 0, rebuild.Stderr);
    }

    [Fact]
    public async Task ContainerPrune_CreatedExitedAndRunning_RemovesOnlyTheStoppedOnes()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "localhost/box:1");
        var exited = (await _root.MustAsync("run", "-d", "--network", "none", "box:1", "true")).Trim();
        var created = (await _root.MustAsync("create", "--network", "none", "box:1", "true")).Trim();
        var running = (await _root.MustAsync("run", "-d", "--network", "none", "box:1", "sleep", "600")).Trim();
        await WaitForExitAsync(exited);

        var prune = await _root.MustAsync("container", "prune", "-f");

        var lines = prune.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(new[] { created, exited }.Order(), lines[..^1].Order());
        Assert.StartsWith("Total reclaimed space: ", lines[^1]);
        Assert.Equal([running[..12]], (await _root.MustAsync("ps", "-a", "-q")).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("alive\n", await _root.MustAsync("exec", running, "echo", "alive"));
    }

    [Fact]
    public async Task SystemPruneAll_ImagesOfRunningAndStoppedContainers_KeepsExactlyWhatTheRunningOneNeeds()
    {
        var used = await TestImages.ImportBusyboxAsync(_root.Path, "localhost/used:1");
        await TestImages.ImportBusyboxAsync(_root.Path, "localhost/unused:1");
        var stoppedImage = await TestImages.ImportBusyboxAsync(_root.Path, "localhost/stopped:1");
        var running = (await _root.MustAsync("run", "-d", "--network", "none", "used:1", "sleep", "600")).Trim();
        var stopped = (await _root.MustAsync("run", "-d", "--network", "none", "stopped:1", "true")).Trim();
        await WaitForExitAsync(stopped);
        // A forced rmi leaves the running container's layers to garbage collection's care.
        await _root.MustAsync("rmi", "-f", "used:1");

        var prune = await _root.MustAsync("system", "prune", "-a", "-f");

        Assert.Contains($"Deleted Containers\n{stopped}\n", prune);
        Assert.Contains("Deleted Images\n", prune);
        Assert.Contains(stoppedImage, prune);
        Assert.DoesNotContain(used, prune);
        Assert.Empty(await _root.ImageIdsAsync());
        Assert.Equal([used], _root.Blobs()); // only the config of the running container's image
        Assert.Single(_root.Snapshots());
        Assert.Equal("root:x:0:\nnogroup:x:65534:\n", await _root.MustAsync("exec", running, "cat", "/etc/group"));
        Assert.Equal([running[..12]], (await _root.MustAsync("ps", "-a", "-q")).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task SystemPrune_DuringConcurrentImports_NeverTakesContentAnImportWrote()
    {
        const int Imports = 4;
        var tarball = Path.Combine(_root.Path, "rootfs.tar");
        await TestImages.WriteBusyboxRootfsAsync(tarball);

        var imports = Enumerable.Range(0, Imports).Select(i => _root.BerthAsync("image", "import", tarball, $"localhost/concurrent{i}:1"));
        var prunes = Enumerable.Range(0, Imports).Select(_ => _root.BerthAsync("system", "prune", "-f"));
        var results = await Task.WhenAll(imports.Concat(prunes));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Stderr));
        Assert.Equal(Imports, (await _root.ImageIdsAsync()).Count);
        Assert.Equal(1 + 2 * Imports, _root.Blobs().Count); // one shared layer, a config and a manifest each
        Assert.Single(_root.Snapshots());
        for (var i = 0; i < Imports; i++)
        {
            Assert.Equal("ok\n", await _root.MustAsync("run", "--rm", "--network", "none", $"concurrent{i}:1", "echo", "ok"));
        }
    }

    [Fact]
    public async Task SystemPrune_AfterAnImportKilledMidway_RemovesItsLeftoversAndCountsThem()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "localhost/kept:1");
        var blobs = _root.Blobs();
        var leftovers = await KilledImport.LeaveLeftoversAsync(_root.Path);

        var prune = await _root.MustAsync("system", "prune", "-f");

        Assert.True(leftovers > 1_000_000, $"the killed import left {leftovers} bytes");
        Assert.Matches(@"Total reclaimed space: [0-9.]+MB\n$", prune);
        var tmp = Path.Combine(_root.Path, "tmp");
        Assert.True(!Directory.Exists(tmp) || !Directory.EnumerateFileSystemEntries(tmp).Any());
        Assert.Equal(blobs, _root.Blobs());
        Assert.Single(await _root.ImageIdsAsync());
    }

    [Theory]
    [InlineData("image", "prune")]
    [InlineData("image", "prune", "-a")]
    [InlineData("container", "prune")]
    [InlineData("system", "prune")]
    [InlineData("system", "prune", "--all")]
    public async Task Prune_WithoutForceAndWithoutATerminal_RefusesInOneLineAndRemovesNothing(params string[] verb)
    {
        var image = await TestImages.ImportBusyboxAsync(_root.Path, "localhost/dangling:1");
        await TestImages.ImportBusyboxAsync(_root.Path, "localhost/dangling:1");
        var stopped = (await _root.MustAsync("run", "-d", "--network", "none", "dangling:1", "true")).Trim();
        await WaitForExitAsync(stopped);
        var blobs = _root.Blobs();

        var result = await _root.BerthAsync(verb);

        Assert.Equal(125, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Matches(@"^Error: [^\n]*-f[^\n]*\n$", result.Stderr);
        Assert.Equal(blobs, _root.Blobs());
        Assert.Contains(image[..12], await _root.ImageIdsAsync());
        Assert.Contains(stopped[..12], (await _root.MustAsync("ps", "-a", "-q")).Split('\n'));
    }

    private async Task WaitForExitAsync(string container)
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            if (!(await _root.MustAsync("ps", "-q")).Contains(container[..12]))
            {
                return;
            }
            await Task.Delay(20);
        }
        Assert.Fail($"container {container} did not exit");
    }

    public Task InitializeAsync() => _root.InitializeAsync();

    public Task DisposeAsync() => _root.DisposeAsync();
}
