using System.Text.Json;

namespace Berth.Acceptance.Images;

/// <summary>Interop is the proof: archives travel between Berth and a real Podman, both ways.</summary>
public sealed class PodmanInteropTests : IDisposable
{
    private readonly TempEngineRoot _root = new();
    private readonly PodmanPeer _podman = new();

    [Fact]
    public async Task BerthSave_PodmanLoadAndRun_PrintsTheImagesFile()
    {
        var name = $"localhost/interop{Random.Shared.Next():x}:v1";
        await TestImages.ImportBusyboxAsync(_root.Path, name);
        var archive = Path.Combine(_root.Path, "out.tar");
        await _root.BerthAsync("image", "save", "-o", archive, name);

        var load = await _podman.RunAsync("load", "-i", archive);
        var run = await _podman.RunAsync(["run", "--rm", .. PodmanPeer.RunOptions, name, "cat", "/etc/group"]);

        Assert.Equal(0, load.ExitCode);
        Assert.Contains($"Loaded image: {name}", load.Stdout);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("root:x:0:\nnogroup:x:65534:\n", run.Stdout);
    }

    [Theory]
    [InlineData("oci-archive")]
    [InlineData("docker-archive")]
    public async Task PodmanSave_BerthLoad_ListsTheImageWithItsFiles(string format)
    {
        var tarball = Path.Combine(_podman.Directory, "rootfs.tar");
        await TestImages.WriteBusyboxRootfsAsync(tarball);
        await _podman.RunAsync("import", tarball, "localhost/frompodman:1");
        var podmanId = (await _podman.RunAsync("image", "inspect", "--format", "{{.Id}}", "localhost/frompodman:1")).Stdout.Trim();
        var archive = Path.Combine(_podman.Directory, "saved.tar");
        var save = await _podman.RunAsync("save", "--format", format, "-o", archive, "localhost/frompodman:1");

        var load = await _root.BerthAsync("image", "load", "-i", archive);
        var list = await _root.BerthAsync("images");
        var inspect = await _root.BerthAsync("image", "inspect", "frompodman:1");

        Assert.Equal(0, save.ExitCode);
        Assert.Equal(0, load.ExitCode);
        Assert.Equal("Loaded image: localhost/frompodman:1", load.Stdout.Trim());
        Assert.Matches($@"localhost/frompodman\s+1\s+{podmanId[..12]}", list.Stdout);
        var layer = JsonDocument.Parse(inspect.Stdout).RootElement[0].GetProperty("LayerDirectories")[0].GetString()!;
        Assert.Equal(await File.ReadAllBytesAsync(TestImages.BusyboxBinary), await File.ReadAllBytesAsync(Path.Combine(layer, "bin", "busybox")));
        Assert.Equal("busybox", new FileInfo(Path.Combine(layer, "bin", "ls")).LinkTarget);
    }

    public void Dispose()
    {
        _root.Dispose();
        _podman.Dispose();
    }
}
