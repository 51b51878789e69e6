namespace Berth.Engine.Runtime;

/// <summary>
/// What a container may do beyond <see cref="SecurityDefaults"/> (Podman's --cap-add, --cap-drop,
/// --privileged, --read-only and no-new-privileges; a pod's securityContext). Capability names may
/// leave out the CAP_ prefix, as Kubernetes writes them; ALL names every capability the host can give.
/// </summary>
public sealed record ContainerSecurity
{
    public static ContainerSecurity Default { get; } = new();

    public IReadOnlyList<string> CapAdd { get; init; } = [];

    public IReadOnlyList<string> CapDrop { get; init; } = [];

    /// <summary>Every capability the host can give, no seccomp filter, no masked or read-only /proc and /sys paths.</summary>
    public bool Privileged { get; init; }

    public bool ReadOnlyRootfs { get; init; }

    /// <summary>The process cannot gain privileges (setuid binaries, file capabilities): on by default, as Podman sets it.</summary>
    public bool NoNewPrivileges { get; init; } = true;

    /// <summary>The bounding set: the defaults (or every available capability when privileged) with the drops taken out and the adds put in.</summary>
    public IReadOnlyList<string> Capabilities()
    {
        if (Privileged)
        {
            return LinuxCapabilities.Available;
        }
        var drop = CapDrop.Select(LinuxCapabilities.Normalize).ToHashSet(StringComparer.Ordinal);
        var add = CapAdd.Select(LinuxCapabilities.Normalize).ToList();
        IEnumerable<string> kept = drop.Contains("ALL") ? [] : SecurityDefaults.Capabilities.Where(c => !drop.Contains(c));
        var added = add.Contains("ALL") ? LinuxCapabilities.Available : add;
        return [.. kept.Concat(added).Distinct().Order(StringComparer.Ordinal)];
    }
}
