using Berth.Engine.Containers;
using Berth.Engine.Images;

namespace Berth.Cli.Tests.Commands;

/// <summary>The container and image the listing tests print and filter, changed with `with` where a test needs more.</summary>
internal static class TestRecords
{
    public static readonly DateTimeOffset Created = new(2026, 12, 5, 18, 0, 0, TimeSpan.Zero);

    public static readonly ContainerRecord Container = new()
    {
        Id = "93f11c06410614070bad12ed234542e0a5ea9c6e7e5e51155d27e8fb128581f8",
        Name = "web",
        ImageId = "4f2c0d1e",
        ImageReference = "localhost/busybox:test",
        Command = ["sh"],
        Created = Created,
        Runtime = "runc",
        Status = ContainerStatus.Running,
    };

    public static readonly ImageRecord Image = new()
    {
        Id = "sha256:4f2c0d1e9a4f2c0d1e9a4f2c0d1e9a4f2c0d1e9a4f2c0d1e9a4f2c0d1e9a4f2c",
        Manifest = "sha256:aa",
        Names = ["localhost/shop/app:1"],
        Created = Created,
        LayersSize = 1_240_000,
    };
}
