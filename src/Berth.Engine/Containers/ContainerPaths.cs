using Berth.Engine.Runtime.Shim;

namespace Berth.Engine.Containers;

/// <summary>
/// The files of one container under ROOT/containers/ID: the OCI bundle (config.json, rootfs/), the
/// record (state.json), the log, the overlay's upper/work dirs, conmon's pid file; and on the runtimes' tmpfs,
/// how the container ended (exit, oom).
/// </summary>
public sealed record ContainerPaths(string Directory)
{
    public string Config => Path.Combine(Directory, "config.json");
    public string State => Path.Combine(Directory, "state.json");
    public string Log => Path.Combine(Directory, "log");
    public string Rootfs => Path.Combine(Directory, "rootfs");
    public string Upper => Path.Combine(Directory, "upper");
    public string Work => Path.Combine(Directory, "work");
    public string Etc => Path.Combine(Directory, "etc");
    public string Lock => Path.Combine(Directory, "lock");

    /// <summary>Present while the user keeps the rootfs mounted (`berth mount`), so nothing else unmounts it.</summary>
    public string UserMount => Path.Combine(Directory, "mounted");

    /// <summary>Locked by a client attached to the container (foreground `run`, `start -a`): it, not the exit command, removes an --rm container.</summary>
    public string Attached => Path.Combine(Directory, "attached");
    public string Id => Path.GetFileName(Directory);
    public string ExitFile => ConmonShim.ExitFile(Id);
    public string OomFile => ConmonShim.OomFile(Id);
    public string ShimPidFile => ConmonShim.ShimPidFile(Directory);
}
