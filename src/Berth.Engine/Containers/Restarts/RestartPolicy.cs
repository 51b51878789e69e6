using System.Globalization;
using System.Text.Json.Serialization;

namespace Berth.Engine.Containers.Restarts;

/// <summary>
/// What happens when a container exits (`--restart`, Docker's HostConfig.RestartPolicy): never restarted (no), restarted after
/// a non-zero exit up to <paramref name="MaximumRetryCount"/> times (on-failure; 0 is no limit), or after any exit the user did
/// not ask for (always, unless-stopped, which differ only after a reboot).
/// </summary>
public sealed record RestartPolicy(string Name, int MaximumRetryCount = 0)
{
    public const string NoName = "no";
    public const string OnFailureName = "on-failure";
    public const string AlwaysName = "always";
    public const string UnlessStoppedName = "unless-stopped";

    public static readonly RestartPolicy No = new(NoName);

    /// <summary>The policy names a filter or a value may use.</summary>
    public static IReadOnlyList<string> Names { get; } = [NoName, OnFailureName, AlwaysName, UnlessStoppedName];

    /// <summary>`--restart` as Podman 4.3 reads it: NAME or on-failure:N; "" is no. Bad input gets Podman's words.</summary>
    public static RestartPolicy Parse(string value)
    {
        var (name, count) = value.Split(':', 2) is [var n, var c] ? (n, c) : (value, null);
        if (name.Length == 0)
        {
            name = NoName;
        }
        if (!Names.Contains(name))
        {
            throw new InvalidArgumentException($"running container create option: \"{value}\" is not a valid restart policy: invalid argument");
        }
        if (count is null)
        {
            return new RestartPolicy(name);
        }
        if (name != OnFailureName)
        {
            throw new InvalidArgumentException("restart policy retries can only be specified with on-failure restart policy");
        }
        if (!int.TryParse(count, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var retries))
        {
            throw new InvalidArgumentException($"parsing restart policy retry count: strconv.Atoi: parsing \"{count}\": invalid syntax");
        }
        return retries < 0
            ? throw new InvalidArgumentException("must specify restart policy retry count as a number greater than 0")
            : new RestartPolicy(name, retries);
    }

    /// <summary>
    /// Docker's HostConfig.RestartPolicy {Name, MaximumRetryCount}; an empty name is no. Bad input gets dockerd's words.
    /// </summary>
    public static RestartPolicy FromDocker(string? name, int maximumRetryCount)
    {
        name = string.IsNullOrEmpty(name) ? NoName : name;
        if (!Names.Contains(name))
        {
            throw new InvalidArgumentException($"invalid restart policy: unknown policy '{name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
        }
        if (maximumRetryCount < 0)
        {
            throw new InvalidArgumentException("invalid restart policy: maximum retry count cannot be negative");
        }
        return maximumRetryCount > 0 && name != OnFailureName
            ? throw new InvalidArgumentException($"invalid restart policy: maximum retry count can only be used with 'on-failure'")
            : new RestartPolicy(name, maximumRetryCount);
    }

    /// <summary>Whether an --rm container may have this policy: Podman refuses all but no and a bare on-failure.</summary>
    [JsonIgnore]
    public bool AllowsAutoRemove => Name == NoName || (Name == OnFailureName && MaximumRetryCount == 0);

    /// <summary>
    /// Whether a container that exited with <paramref name="exitCode"/>, after <paramref name="restartCount"/> restarts by this
    /// policy, starts again (after Docker's restartmanager.ShouldRestart); never when the user stopped it.
    /// </summary>
    public bool RestartsAfter(int exitCode, int restartCount, bool stoppedByUser) => !stoppedByUser && Name switch
    {
        AlwaysName or UnlessStoppedName => true,
        OnFailureName => exitCode != 0 && (MaximumRetryCount == 0 || restartCount < MaximumRetryCount),
        _ => false,
    };

    /// <summary>Whether the container stays down after a reboot, though `start --all` names it: unless-stopped and stopped by the user.</summary>
    public bool KeepsDownAtBoot(bool stoppedByUser) => Name == UnlessStoppedName && stoppedByUser;

    /// <summary>As `--restart` and `podman inspect` spell it: on-failure:3, always…</summary>
    public override string ToString() => MaximumRetryCount > 0 ? $"{Name}:{MaximumRetryCount.ToString(CultureInfo.InvariantCulture)}" : Name;
}
