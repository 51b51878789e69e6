using Berth.Engine.Images;
using Berth.Engine.Tests.Runtime;

namespace Berth.Engine.Tests.Containers;

/// <summary>A resolver fake that knows one image, "busybox" (also by its id, as a restart asks), backed by a real unpacked busybox layer.</summary>
public sealed class BusyboxImageResolver(BusyboxRootfs rootfs) : IImageResolver
{
    public const string ImageId = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0";

    public Task<ResolvedImage> ResolveAsync(string reference, CancellationToken cancellationToken = default) =>
        reference is "busybox" or ImageId
            ? Task.FromResult(new ResolvedImage(ImageId, "localhost/busybox:latest", new ImageConfig { Cmd = ["sh"], Env = ["PATH=/bin"] }, [rootfs.Layer]))
            : throw new BerthException($"{reference}: image not known");
}
