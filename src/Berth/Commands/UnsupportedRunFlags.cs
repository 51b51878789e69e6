using System.CommandLine;
using Berth.Engine;

namespace Berth.Cli.Commands;

/// <summary>
/// Podman 4.3's run/create flags that Berth does not honour. They are parsed (a script's value is never taken for the
/// image) and refused with a clear error, never ignored.
/// </summary>
public sealed class UnsupportedRunFlags
{
    private static readonly string[][] ValueFlags =
    [
        ["--add-host"], ["--annotation"], ["--arch"], ["--attach", "-a"], ["--authfile"], ["--blkio-weight-device"], ["--cap-add"], ["--cap-drop"],
        ["--cgroup-conf"], ["--cgroup-parent"], ["--cgroupns"], ["--cgroups"], ["--chrootdirs"], ["--cidfile"], ["--conmon-pidfile"], ["--cpu-rt-period"],
        ["--cpu-rt-runtime"], ["--detach-keys"], ["--device"], ["--device-cgroup-rule"], ["--device-read-bps"], ["--device-read-iops"], ["--device-write-bps"],
        ["--device-write-iops"], ["--dns"], ["--dns-option"], ["--dns-search"], ["--env-file"], ["--env-merge"], ["--expose"], ["--gidmap"], ["--group-add"],
        ["--hostuser"], ["--image-volume"], ["--init-path"], ["--ip6"], ["--ipc"], ["--label-file"], ["--log-driver"], ["--log-opt"], ["--mac-address"],
        ["--memory-swappiness"], ["--oom-score-adj"], ["--os"], ["--passwd-entry"], ["--personality"], ["--pid"], ["--pidfile"], ["--platform"],
        ["--pod-id-file"], ["--preserve-fds"], ["--pull"], ["--requires"], ["--sdnotify"], ["--seccomp-policy"], ["--secret"], ["--shm-size"],
        ["--stop-signal"], ["--stop-timeout"], ["--subgidname"], ["--subuidname"], ["--sysctl"], ["--systemd"], ["--timeout"], ["--tz"], ["--uidmap"],
        ["--ulimit"], ["--umask"], ["--unsetenv"], ["--userns"], ["--uts"], ["--variant"],
    ];

    private static readonly string[][] SwitchFlags =
    [
        ["--disable-content-trust"], ["--env-host"], ["--http-proxy"], ["--init"], ["--no-hosts"], ["--oom-kill-disable"], ["--passwd"], ["--privileged"],
        ["--publish-all", "-P"], ["--quiet", "-q"], ["--read-only"], ["--read-only-tmpfs"], ["--replace"], ["--rmi"], ["--rootfs"], ["--sig-proxy"],
        ["--tls-verify"], ["--unsetenv-all"],
    ];

    private readonly Option[] _options =
    [
        .. ValueFlags.Select(names => new Option<string[]>(names[0], names[1..]) { Hidden = true }),
        .. SwitchFlags.Select(names => new Option<bool>(names[0], names[1..]) { Hidden = true }),
    ];

    public IEnumerable<Option> Options => _options;

    /// <summary>Refuses the first of these flags on the command line.</summary>
    public void Refuse(ParseResult parse)
    {
        if (_options.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } given)
        {
            throw new InvalidArgumentException($"{given.Name} is not supported by Berth");
        }
    }
}
