using Berth.Engine.Images;
using Berth.Engine.Store;

namespace Berth.Engine.Tests.Images;

public sealed class ImageIndexTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-index-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Load_ReadsBackWhatSaveWrote()
    {
        var index = new ImageIndex(new EngineLayout(_root));
        ImageRecord[] images =
        [
            new() { Id = "sha256:" + new string('a', 64), Manifest = "sha256:" + new string('b', 64), Names = ["localhost/app:1", "localhost/app:latest"],
                Digests = ["sha256:" + new string('c', 64)], Created = new DateTimeOffset(2026, 12, 7, 1, 2, 3, TimeSpan.FromHours(2)), LayersSize = 1234567, DataSize = 1095 },
            new() { Id = "sha256:" + new string('d', 64), Manifest = "sha256:" + new string('e', 64) },
        ];

        await index.SaveAsync(new ImageIndexDocument { Images = [.. images] }, CancellationToken.None);
        var loaded = index.Load().Images;

        Assert.Equal(images.Length, loaded.Count);
        foreach (var (saved, read) in images.Zip(loaded))
        {
            Assert.Equal((saved.Id, saved.Manifest, saved.Created, saved.LayersSize, saved.DataSize), (read.Id, read.Manifest, read.Created, read.LayersSize, read.DataSize));
            Assert.Equal(saved.Names, read.Names);
            Assert.Equal(saved.Digests, read.Digests);
        }
    }

    [Fact]
    public void Load_NoIndexYet_IsEmpty() => Assert.Empty(new ImageIndex(new EngineLayout(_root)).Load().Images);
}
