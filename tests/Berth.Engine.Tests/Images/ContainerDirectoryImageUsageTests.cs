using Berth.Engine.Images;
using Berth.Engine.Store;

namespace Berth.Engine.Tests.Images;

public sealed class ContainerDirectoryImageUsageTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("berth-usage-");

    [Fact]
    public async Task ListAsync_StateFiles_YieldTheirImageIdsAndSkipsUnreadableOnes()
    {
        var layout = new EngineLayout(_dir.FullName);
        Write(layout, "abc", """{"Id":"abc","Name":"web","ImageId":"sha256:1111"}""");
        Write(layout, "def", """{"id":"def","imageId":"sha256:2222"}""");
        Write(layout, "bad", "{not json");

        var users = await new ContainerDirectoryImageUsage(layout).ListAsync();

        Assert.Equal(
            [new ImageUser("abc", "web", "sha256:1111"), new ImageUser("def", "def", "sha256:2222")],
            users.OrderBy(u => u.ContainerId));
    }

    [Fact]
    public async Task ListAsync_NoContainersDirectory_IsEmpty()
    {
        Assert.Empty(await new ContainerDirectoryImageUsage(new EngineLayout(_dir.FullName)).ListAsync());
    }

    private static void Write(EngineLayout layout, string id, string json)
    {
        var dir = Path.Combine(layout.ContainersDirectory, id);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "state.json"), json);
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
