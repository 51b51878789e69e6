using Berth.Engine.Containers.Files;
using Berth.Engine.Images;
using Berth.Engine.Runtime;
using Berth.Engine.Volumes;

namespace Berth.Engine.Containers;

/// <summary>
/// A new container's mounts, in Docker's order of precedence: the user's (-v, --mount), then those of the containers
/// named by --volumes-from, then an anonymous volume for each of the image's VOLUMEs; a destination taken by an earlier
/// source is not mounted again. Volumes are resolved to their data directories, anonymous ones made; the caller holds
/// the containers' store lock, which a volume's removal takes too.
/// </summary>
public sealed class ContainerMounts(ContainerStore store, VolumeStore volumes)
{
    public List<BindMount> Resolve(ContainerCreateRequest request, ImageConfig image)
    {
        var tmpfs = request.Tmpfs.Select(t => t.Destination).ToList();
        if (tmpfs.FirstOrDefault(d => tmpfs.Count(other => SameDestination(d, other)) > 1 || request.Mounts.Any(m => SameDestination(m.Destination, d))) is { } duplicate)
        {
            throw new InvalidArgumentException($"{duplicate}: duplicate mount destination");
        }
        var mounts = new List<BindMount>();
        void Add(BindMount mount)
        {
            if (!mounts.Any(m => SameDestination(m.Destination, mount.Destination)) && !tmpfs.Any(d => SameDestination(d, mount.Destination)))
            {
                mounts.Add(mount);
            }
        }
        request.Mounts.ToList().ForEach(Add);
        request.VolumesFrom.SelectMany(MountsOf).ToList().ForEach(Add);
        image.Volumes.Select(path => new BindMount("", path) { VolumeName = "" }).ToList().ForEach(Add);
        return [.. mounts.Select(ResolveVolume)];
    }

    /// <summary>Copies the image's content at each fresh volume's destination into it (<see cref="VolumeCopyUp"/>), unless the mount or the volume says nocopy.</summary>
    public void CopyUp(ContainerRecord record, string rootfs)
    {
        foreach (var mount in record.Mounts)
        {
            if (mount.VolumeName is { } name && !mount.NoCopy && volumes.Load(name) is { } volume && !volume.Options.ContainsKey("nocopy"))
            {
                VolumeCopyUp.CopyIfEmpty(ContainerPathResolver.Resolve(rootfs, mount.Destination, followLast: true), volume.Mountpoint);
            }
        }
    }

    /// <summary>An empty volume name asks for a new anonymous volume; a name is made when it does not exist yet.</summary>
    private BindMount ResolveVolume(BindMount mount)
    {
        if (mount.VolumeName is not { } name)
        {
            return mount;
        }
        var volume = name.Length == 0 ? volumes.CreateAnonymous() : volumes.Ensure(name);
        return mount with { Source = volume.Mountpoint, VolumeName = volume.Name };
    }

    /// <summary><c>CONTAINER[:ro|rw|z]</c>, Podman's options: that container's mounts, read-only or writable as asked, else as they are there.</summary>
    private IEnumerable<BindMount> MountsOf(string volumesFrom)
    {
        var (name, mode) = volumesFrom.LastIndexOf(':') is var colon and > 0 ? (volumesFrom[..colon], volumesFrom[(colon + 1)..]) : (volumesFrom, null);
        bool? readOnly = null;
        foreach (var option in mode?.Split(',') ?? [])
        {
            readOnly = option switch
            {
                "ro" => true,
                "rw" => false,
                "z" => readOnly, // an SELinux relabel: nothing to do without SELinux
                _ => throw new InvalidArgumentException($"invalid option \"{option}\" specified - volumes from another container can only use z,ro,rw options"),
            };
        }
        ContainerRecord source;
        try
        {
            source = store.Find(name);
        }
        catch (NotFoundException e)
        {
            // Not a NotFoundException: Docker clients read a 404 from create as a missing image and pull it.
            throw new InvalidArgumentException($"looking up container \"{name}\" for volumes-from: {e.Message}");
        }
        return source.Mounts.Select(m => m with { ReadOnly = readOnly ?? m.ReadOnly });
    }

    private static bool SameDestination(string a, string b) => Path.TrimEndingDirectorySeparator(a) == Path.TrimEndingDirectorySeparator(b);
}
