using Berth.Agent.Volumes;
using k8s.Models;

namespace Berth.Agent.Tests.Volumes;

public sealed class HostPathPluginTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-hostpath-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task DirectoryOrCreate_MakesTheDirectoryWithItsParents_Mode0755()
    {
        var path = Path.Combine(_root, "a", "b");

        await SetUpAsync(path, "DirectoryOrCreate");

        Assert.True(Directory.Exists(path));
        Assert.Equal("755", Convert.ToString((int)new DirectoryInfo(path).UnixFileMode, 8));
    }

    [Fact]
    public async Task FileOrCreate_MakesAnEmptyFile_Mode0644_ButNotItsParent()
    {
        var path = Path.Combine(_root, "touched.log");

        await SetUpAsync(path, "FileOrCreate");

        Assert.Equal(0, new FileInfo(path).Length);
        Assert.Equal("644", Convert.ToString((int)new FileInfo(path).UnixFileMode, 8));
        await Assert.ThrowsAnyAsync<IOException>(() => SetUpAsync(Path.Combine(_root, "missing", "x.log"), "FileOrCreate"));
    }

    [Theory]
    [InlineData("Directory", "file", "hostPath type check failed: {0} is not a directory, it's a File")]
    [InlineData("File", "directory", "hostPath type check failed: {0} is not a file, it's a Directory")]
    [InlineData("Socket", "directory", "hostPath type check failed: {0} is not a socket file, it's a Directory")]
    [InlineData("CharDevice", "file", "hostPath type check failed: {0} is not a character device, it's a File")]
    [InlineData("Directory", "nothing", "hostPath {0} doesn't exist")]
    [InlineData("Bogus", "nothing", "Bogus is an invalid volume type")]
    public async Task TypeMismatch_FailsWithKubesWording(string type, string present, string expected)
    {
        var path = Path.Combine(_root, "target");
        if (present == "file")
        {
            File.WriteAllText(path, "");
        }
        else if (present == "directory")
        {
            Directory.CreateDirectory(path);
        }

        var error = await Assert.ThrowsAsync<VolumeSetUpException>(() => SetUpAsync(path, type));

        Assert.Equal(string.Format(expected, path), error.Message);
    }

    [Fact]
    public async Task Directory_ThroughASymbolicLink_IsCheckedAtItsTarget()
    {
        var target = Directory.CreateDirectory(Path.Combine(_root, "target")).FullName;
        var link = Path.Combine(_root, "link");
        File.CreateSymbolicLink(link, target);

        await SetUpAsync(link, "Directory");
    }

    private static Task SetUpAsync(string path, string type)
    {
        var volume = new V1Volume { Name = "data", HostPath = new V1HostPathVolumeSource { Path = path, Type = type } };
        return new HostPathPlugin().SetUpAsync(new VolumeContext(new V1Pod(), volume, "/unused"), CancellationToken.None);
    }
}
