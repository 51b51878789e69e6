using Berth.Agent.Volumes;

namespace Berth.Agent.Tests.Volumes;

public sealed class SubPathsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-subpath-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Prepare_MissingSubPath_IsMadeAsADirectoryInsideTheVolume()
    {
        var volume = Directory.CreateDirectory(Path.Combine(_root, "volume")).FullName;

        var path = SubPaths.Prepare(volume, "a/b");

        Assert.Equal(Path.Combine(volume, "a", "b"), path);
        Assert.True(Directory.Exists(path));
    }

    [Fact]
    public void Prepare_ExistingFile_IsMountedAsItIs()
    {
        var volume = Directory.CreateDirectory(Path.Combine(_root, "volume")).FullName;
        File.WriteAllText(Path.Combine(volume, "app.conf"), "x");

        Assert.Equal(Path.Combine(volume, "app.conf"), SubPaths.Prepare(volume, "app.conf"));
    }

    [Theory]
    [InlineData("/etc")]
    [InlineData("../outside")]
    [InlineData("a/../../outside")]
    public void Prepare_AbsoluteOrClimbingSubPath_IsRefused(string subPath)
    {
        var volume = Directory.CreateDirectory(Path.Combine(_root, "volume")).FullName;

        Assert.Throws<ArgumentException>(() => SubPaths.Prepare(volume, subPath));
    }

    [Theory]
    [InlineData("escape")]
    [InlineData("escape/new")]
    public void Prepare_SymbolicLinkLeadingOutOfTheVolume_IsRefusedAndMakesNothingOutside(string subPath)
    {
        var volume = Directory.CreateDirectory(Path.Combine(_root, "volume")).FullName;
        var outside = Directory.CreateDirectory(Path.Combine(_root, "outside")).FullName;
        File.CreateSymbolicLink(Path.Combine(volume, "escape"), outside);

        var error = Assert.Throws<ArgumentException>(() => SubPaths.Prepare(volume, subPath));

        Assert.Contains("not within volume path", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
    }
}
