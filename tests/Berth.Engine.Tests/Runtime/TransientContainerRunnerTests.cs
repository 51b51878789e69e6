using System.Text;
using Berth.Engine.Runtime;

namespace Berth.Engine.Tests.Runtime;

public sealed class TransientContainerRunnerTests : IDisposable
{
    private readonly BusyboxRootfs _image = new();
    private readonly string _upper;
    private readonly TransientContainerRunner _runner = new(RuntimeDriverFactory.Create("runc"));

    public TransientContainerRunnerTests()
    {
        _upper = Path.Combine(_image.Root, "upper");
        Directory.CreateDirectory(_upper);
    }

    public void Dispose() => _image.Dispose();

    [Fact]
    public async Task RunAsync_ShellCommand_StreamsOutputAndReturnsExitCode()
    {
        var (code, stdout, stderr) = await RunAsync(new() { LowerDirectories = [_image.Layer], UpperDirectory = _upper, Args = ["sh", "-c", "echo out; echo err >&2; exit 3"] });

        Assert.Equal(3, code);
        Assert.Equal("out\n", stdout);
        Assert.Equal("err\n", stderr);
    }

    [Fact]
    public async Task RunAsync_CommandWritesFile_ChangeLandsOnlyInUpperDirectory()
    {
        var (code, _, _) = await RunAsync(new() { LowerDirectories = [_image.Layer], UpperDirectory = _upper, Args = ["sh", "-c", "echo hi > /tmp/made"] });

        Assert.Equal(0, code);
        Assert.Equal("hi\n", File.ReadAllText(Path.Combine(_upper, "tmp/made")));
        Assert.False(File.Exists(Path.Combine(_image.Layer, "tmp/made")));
        Assert.Empty(Directory.GetFileSystemEntries(_image.Root, ".upper.*"));
    }

    [Fact]
    public async Task RunAsync_EnvWorkdirAndUser_AreApplied()
    {
        var (code, stdout, _) = await RunAsync(new()
        {
            LowerDirectories = [_image.Layer],
            UpperDirectory = _upper,
            Args = ["sh", "-c", "echo $GREETING; pwd; id -u; id -g"],
            Env = ["PATH=/bin", "GREETING=hello"],
            WorkingDir = "/tmp",
            User = "nobody",
        });

        Assert.Equal(0, code);
        Assert.Equal("hello\n/tmp\n65534\n65534\n", stdout);
    }

    [Fact]
    public async Task RunAsync_MissingCommand_Returns127()
    {
        var (code, _, _) = await RunAsync(new() { LowerDirectories = [_image.Layer], UpperDirectory = _upper, Args = ["/no/such/command"] });

        Assert.Equal(127, code);
    }

    [Fact]
    public async Task RunAsync_LowerLayersStack_UpperLayerWins()
    {
        var top = Path.Combine(_image.Root, "top");
        Directory.CreateDirectory(Path.Combine(top, "etc"));
        File.WriteAllText(Path.Combine(top, "etc/motd"), "top\n");

        var (code, stdout, _) = await RunAsync(new() { LowerDirectories = [_image.Layer, top], UpperDirectory = _upper, Args = ["cat", "/etc/motd"] });

        Assert.Equal(0, code);
        Assert.Equal("top\n", stdout);
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(TransientContainerRequest request)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var code = await _runner.RunAsync(request, stdout, stderr);
        return (code, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }
}
