using Berth.Engine.Runtime.Spec;

namespace Berth.Engine.Runtime;

/// <summary>Turns <see cref="BundleOptions"/> into an OCI runtime spec with Podman-like defaults.</summary>
public static class SpecGenerator
{
    /// <summary>CFS period Docker and Podman use for <c>--cpus</c>: 100 ms.</summary>
    public const ulong CpuPeriodMicroseconds = 100_000;

    /// <summary>The PATH a container gets when neither the image nor the user sets one.</summary>
    public const string DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static RuntimeSpec Generate(BundleOptions options)
    {
        if (options.Args.Count == 0)
        {
            throw new BerthException("no command specified: the image has no CMD or ENTRYPOINT and none was given");
        }
        var security = options.Security;
        var capabilities = security.Capabilities();
        // A non-root user keeps the bounding set but starts with no effective capabilities, as Podman does.
        IReadOnlyList<string> effective = options.User.Uid == 0 ? capabilities : [];
        return new RuntimeSpec
        {
            Process = new ProcessSpec
            {
                Terminal = options.Terminal,
                User = new UserSpec(options.User.Uid, options.User.Gid)
                {
                    AdditionalGids = options.User.AdditionalGids.Count > 0 ? options.User.AdditionalGids : null,
                },
                Args = options.Args,
                Env = options.Env.Any(e => e.StartsWith("PATH=", StringComparison.Ordinal)) ? options.Env : [DefaultPath, .. options.Env],
                Cwd = options.WorkingDir,
                Capabilities = new CapabilitySets(capabilities, effective, effective),
                Rlimits = HostResourceLimits.Clamped,
                NoNewPrivileges = security.NoNewPrivileges && !security.Privileged,
            },
            Root = new RootSpec(options.RootfsPath, security.ReadOnlyRootfs),
            Hostname = options.Network == NetworkMode.Host ? null : options.Hostname,
            Mounts = [.. KernelMounts(options.Network, options.HostIpc, security.Privileged), .. options.Mounts.Select(ToMountSpec), .. options.Tmpfs.Select(t => new MountSpec(t.Destination, "tmpfs", "tmpfs", t.Options))],
            Linux = new LinuxSpec
            {
                Namespaces = Namespaces(options),
                Resources = Resources(options.Limits, security.Privileged),
                CgroupsPath = options.CgroupsPath,
                MaskedPaths = security.Privileged ? [] : SecurityDefaults.MaskedPaths,
                ReadonlyPaths = security.Privileged ? [] : SecurityDefaults.ReadonlyPaths,
                Seccomp = options.Seccomp && !security.Privileged ? SeccompDefaults.Profile : null,
            },
        };
    }

    private static List<NamespaceSpec> Namespaces(BundleOptions options)
    {
        // A namespace left out of the list is the host's.
        List<NamespaceSpec> namespaces = [.. options.HostPid ? [] : new[] { new NamespaceSpec("pid", options.PidNamespacePath) }, new("mount"),
            .. options.HostIpc ? [] : new[] { new NamespaceSpec("ipc", options.IpcNamespacePath) }];
        if (options.Network != NetworkMode.Host)
        {
            // With the host's network the container also keeps the host's name, as Podman does.
            namespaces.Add(new NamespaceSpec("uts", options.UtsNamespacePath));
            namespaces.Add(new NamespaceSpec("network", options.NetworkNamespacePath));
        }
        return namespaces;
    }

    /// <summary>The cgroup limits of config.json and of `runc update`; only a privileged container reaches every device.</summary>
    public static ResourcesSpec Resources(ResourceLimits limits, bool privileged) => new()
    {
        Devices = [new DeviceRule(privileged, "rwm")],
        Memory = limits.MemoryBytes is null && limits.MemoryReservation is null && limits.MemorySwap is null
            ? null
            : new MemorySpec(limits.MemoryBytes, limits.MemorySwap ?? limits.MemoryBytes, limits.MemoryReservation),
        Cpu = limits.EffectiveCpuQuota is null && limits.CpuPeriod is null && limits.CpuShares is null && limits.CpusetCpus is null && limits.CpusetMems is null
            ? null
            : new CpuSpec(limits.EffectiveCpuQuota, limits.EffectiveCpuPeriod, limits.CpuShares, limits.CpusetCpus, limits.CpusetMems),
        Pids = limits.PidsLimit is { } pids ? new PidsSpec(pids) : null,
        BlockIo = limits.BlkioWeight is { } weight ? new BlockIoSpec(weight) : null,
    };

    /// <summary>The kernel's file systems; /sys and the cgroups are writable only for a privileged container.</summary>
    private static IEnumerable<MountSpec> KernelMounts(NetworkMode network, bool hostIpc, bool privileged)
    {
        var access = privileged ? "rw" : "ro";
        yield return new MountSpec("/proc", "proc", "proc", ["nosuid", "noexec", "nodev"]);
        yield return new MountSpec("/dev", "tmpfs", "tmpfs", ["nosuid", "strictatime", "mode=755", "size=65536k"]);
        yield return new MountSpec("/dev/pts", "devpts", "devpts", ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]);
        // POSIX shared memory lives in /dev/shm: sharing the host's IPC means sharing its /dev/shm too.
        yield return hostIpc
            ? new MountSpec("/dev/shm", "bind", "/dev/shm", ["rbind", "nosuid", "noexec", "nodev", "rw"])
            : new MountSpec("/dev/shm", "tmpfs", "shm", ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]);
        yield return new MountSpec("/dev/mqueue", "mqueue", "mqueue", ["nosuid", "noexec", "nodev"]);
        // sysfs can only be mounted afresh from a network namespace of one's own; otherwise bind the host's.
        yield return network == NetworkMode.Host
            ? new MountSpec("/sys", "bind", "/sys", ["rbind", "nosuid", "noexec", "nodev", access])
            : new MountSpec("/sys", "sysfs", "sysfs", ["nosuid", "noexec", "nodev", access]);
        yield return new MountSpec("/sys/fs/cgroup", "cgroup", "cgroup", ["nosuid", "noexec", "nodev", "relatime", access]);
    }

    private static MountSpec ToMountSpec(BindMount mount) =>
        new(mount.Destination, "bind", mount.Source, mount.ReadOnly ? ["rbind", "ro"] : ["rbind", "rw"]);
}
