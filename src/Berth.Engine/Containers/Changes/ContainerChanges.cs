using Berth.Engine.Images;

namespace Berth.Engine.Containers.Changes;

/// <summary>
/// `diff` and the Docker API's /changes: what a container changed in its image's filesystem, without the files the
/// engine itself mounts over (hostname, hosts, resolv.conf, .containerenv), which Podman leaves out too.
/// </summary>
public sealed class ContainerChanges(ContainerStore store, IImageResolver images)
{
    private static readonly HashSet<string> EngineMountTargets = ["/etc/hostname", "/etc/hosts", "/etc/resolv.conf", "/run/.containerenv"];

    public async Task<IReadOnlyList<FilesystemChange>> ListAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        var image = await images.ResolveAsync(record.ImageId, cancellationToken);
        var changes = UpperDirectoryChanges.Compute(store.PathsOf(record.Id).Upper, image.LayerDirectories)
            .Where(c => !(c.Kind == ChangeKind.Added && EngineMountTargets.Contains(c.Path))).ToList();
        // A /run the engine made only for .containerenv is no change of the user's.
        return [.. changes.Where(c => !(c.Path == "/run" && c.Kind == ChangeKind.Added && !changes.Any(o => o.Path.StartsWith("/run/", StringComparison.Ordinal))))];
    }
}
