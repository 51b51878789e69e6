using Berth.Engine.Containers.Files;

namespace Berth.Engine.Tests.Containers.Files;

public sealed class ContainerPathResolverTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-resolve-").FullName;

    public ContainerPathResolverTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "etc"));
        Directory.CreateDirectory(Path.Combine(_root, "data", "inner"));
        File.CreateSymbolicLink(Path.Combine(_root, "host"), "/");
        File.CreateSymbolicLink(Path.Combine(_root, "up"), "../../..");
        File.CreateSymbolicLink(Path.Combine(_root, "data", "link"), "inner");
        File.CreateSymbolicLink(Path.Combine(_root, "loop"), "loop");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("/etc/passwd", true, "etc/passwd")]
    [InlineData("etc", true, "etc")]
    [InlineData("/", true, "")]
    [InlineData("/../../etc", true, "etc")]
    [InlineData("/host/etc/passwd", true, "etc/passwd")]
    [InlineData("/up/etc", true, "etc")]
    [InlineData("/data/link/x", true, "data/inner/x")]
    [InlineData("/data/link", true, "data/inner")]
    [InlineData("/data/link", false, "data/link")]
    [InlineData("/host", false, "host")]
    [InlineData("/data/./inner/../link/.", true, "data/inner")]
    public void Resolve_StaysInsideTheRootAsTheContainerSeesIt(string path, bool followLast, string expected)
    {
        var resolved = ContainerPathResolver.Resolve(_root, path, followLast);

        Assert.Equal(expected, Path.GetRelativePath(_root, resolved) is "." ? "" : Path.GetRelativePath(_root, resolved));
    }

    [Fact]
    public void Resolve_ALoopOfLinks_IsAClearError()
    {
        var error = Assert.Throws<InvalidArgumentException>(() => ContainerPathResolver.Resolve(_root, "/loop/x", followLast: true));

        Assert.Contains("too many levels of symbolic links", error.Message);
    }
}
