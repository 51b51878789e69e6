using Berth.Engine.Linux;

namespace Berth.Agent.Volumes;

/// <summary>
/// emptyDir: a directory of the pod's own under its directory on the node, writable by every user
/// (mode 0777, as the kubelet makes it), gone with the pod. Medium Memory mounts a tmpfs there,
/// sized by sizeLimit when given (else the kernel's default, half the memory).
/// </summary>
public sealed class EmptyDirPlugin : IVolumePlugin
{
    public const string PluginDirectory = "kubernetes.io~empty-dir";

    private const uint Everyone = 0x1FF; // 0777

    public bool IsApiData => false;

    public bool Handles(VolumeContext context) => context.Volume.EmptyDir is not null;

    public string HostPath(VolumeContext context) => context.DirectoryOf(PluginDirectory);

    public Task SetUpAsync(VolumeContext context, CancellationToken cancellationToken)
    {
        var source = context.Volume.EmptyDir;
        var directory = HostPath(context);
        switch (source.Medium)
        {
            case null or "":
                Directory.CreateDirectory(directory);
                break;
            case "Memory":
                Tmpfs.EnsureMounted(directory, source.SizeLimit is { } limit ? (long)limit.ToDecimal() : null);
                break;
            default:
                throw new VolumeSetUpException($"unknown storage medium \"{source.Medium}\"");
        }
        Posix.Chmod(directory, Everyone);
        return Task.CompletedTask;
    }
}
