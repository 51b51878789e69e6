using Berth.Engine.Images;
using Berth.Engine.Images.Oci;

namespace Berth.Engine.Tests.Images;

public sealed class ImageHistoryTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 5, 18, 0, 0, TimeSpan.Zero);

    private static readonly ImageRecord Image = new()
    {
        Id = "sha256:4f2c0d1e9a4f2c0d1e9a4f2c0d1e9a4f2c0d1e9a4f2c0d1e9a4f2c0d1e9a4f2c",
        Manifest = "sha256:aa",
        Names = ["localhost/app:1"],
        Created = Created,
    };

    private static OciDescriptor Layer(long size) => new() { MediaType = MediaTypes.OciLayer, Digest = $"sha256:{size:x64}", Size = size };

    [Fact]
    public void Entries_StepsAndLayers_NewestFirstWithEachStepsLayerSize()
    {
        OciHistory[] history =
        [
            new() { Created = Created, CreatedBy = "ADD rootfs" },
            new() { Created = Created.AddMinutes(1), CreatedBy = "ENV A=1", EmptyLayer = true },
            new() { Created = Created.AddMinutes(2), CreatedBy = "RUN make", Comment = "buildkit" },
        ];

        var entries = ImageHistory.Entries(Image, history, [Layer(100), Layer(20)]);

        Assert.Equal(["RUN make", "ENV A=1", "ADD rootfs"], entries.Select(e => e.CreatedBy));
        Assert.Equal([20L, 0L, 100L], entries.Select(e => e.Size));
        Assert.Equal([Image.Id[7..], null, null], entries.Select(e => e.Id));
        Assert.Equal(["localhost/app:1"], entries[0].Tags);
        Assert.Empty(entries[1].Tags);
        Assert.Equal("buildkit", entries[0].Comment);
    }

    [Fact]
    public void Entries_NoHistory_AStepPerLayer()
    {
        var entries = ImageHistory.Entries(Image, [], [Layer(100)]);

        Assert.Equal(Image.Id[7..], Assert.Single(entries).Id);
        Assert.Equal(100, entries[0].Size);
    }
}
