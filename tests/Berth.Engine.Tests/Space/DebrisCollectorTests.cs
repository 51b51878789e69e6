using Berth.Engine.Containers;
using Berth.Engine.Space;
using Berth.Engine.Tests.Images;

namespace Berth.Engine.Tests.Space;

public sealed class DebrisCollectorTests : IDisposable
{
    private readonly ImageStoreFixture _fixture = new();

    [Fact]
    public async Task CollectAsync_LeftoversOfKilledOperations_AreDeletedAndCounted()
    {
        var image = await _fixture.ImportAsync("kept", "k");
        var layout = _fixture.Store.Layout;
        var containers = new ContainerStore(layout.Root);
        Directory.CreateDirectory(Path.Combine(layout.TempDirectory, "snapshot-killed", "usr"));
        await File.WriteAllBytesAsync(Path.Combine(layout.TempDirectory, "snapshot-killed", "usr", "half"), new byte[1000]);
        await File.WriteAllBytesAsync(Path.Combine(layout.TempDirectory, "blob-killed"), new byte[500]);
        await File.WriteAllBytesAsync(Path.Combine(layout.ImagesDirectory, ".tmp-index.json-killed"), new byte[20]);
        var incoming = Path.Combine(layout.Root, "incoming", "sha256");
        Directory.CreateDirectory(incoming);
        await File.WriteAllBytesAsync(Path.Combine(incoming, new string('c', 64)), new byte[3000]);
        var abandoned = Path.Combine(containers.Root, new string('a', 64));
        Directory.CreateDirectory(abandoned);
        var live = Path.Combine(containers.Root, new string('b', 64));
        Directory.CreateDirectory(live);
        await File.WriteAllTextAsync(Path.Combine(live, "state.json"), "{}");

        var freed = await new DebrisCollector(layout, containers).CollectAsync(CancellationToken.None);

        Assert.Equal(4520, freed);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(layout.Root, "incoming")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(layout.TempDirectory));
        Assert.Equal(["index.json", "lock"], Directory.EnumerateFiles(layout.ImagesDirectory).Select(Path.GetFileName).Order());
        Assert.False(Directory.Exists(abandoned));
        Assert.True(Directory.Exists(live));
        await _fixture.Store.ResolveAsync(image.Id);
    }

    public void Dispose() => _fixture.Dispose();
}
