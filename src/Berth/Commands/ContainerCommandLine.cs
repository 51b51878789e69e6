namespace Berth.Cli.Commands;

/// <summary>
/// Keeps a container's own command line away from Berth's options: in `run|create [OPTS] IMAGE CMD…`,
/// `exec [OPTS] CONTAINER CMD…`, `top CONTAINER [ps(1) ARGS…]` and `pod top POD [ps(1) ARGS…]` everything from the first positional on belongs to the container (as
/// Podman parses it), so `berth run img echo -e x` passes -e to echo. It inserts "--" before that positional.
/// </summary>
public static class ContainerCommandLine
{
    private static readonly HashSet<string> GlobalValueOptions = ["--root", "--runtime"];

    private static readonly HashSet<string> RunValueOptions =
    [
        "--name", "-e", "--env", "-w", "--workdir", "-u", "--user", "--hostname", "-v", "--volume", "--volumes-from", "--mount", "--tmpfs", "-p", "--publish",
        "--network", "--net", "--network-alias", "--ip", "-m", "--memory", "--cpus", "--pids-limit", "--security-opt", "--entrypoint", "-l", "--label", "--pod",
        "--restart",
        .. HealthcheckFlags.ValueOptions,
    ];

    private static readonly HashSet<string> ExecValueOptions = ["-e", "--env", "-w", "--workdir", "-u", "--user"];

    public static string[] Protect(string[] args)
    {
        var i = SkipOptions(args, 0, GlobalValueOptions);
        var group = i < args.Length ? args[i] : null;
        if (group is "container" or "pod")
        {
            i = SkipOptions(args, i + 1, GlobalValueOptions);
        }
        // `pod top POD [ps(1) ARGS…]` as `top`; the pod group has no other verb that takes a command line.
        if (i >= args.Length || (group == "pod" ? args[i] != "top" : args[i] is not ("run" or "create" or "exec" or "top")))
        {
            return args;
        }
        var valueOptions = args[i] switch { "exec" => ExecValueOptions, "top" => [], _ => RunValueOptions };
        var positional = SkipOptions(args, i + 1, [.. valueOptions, .. GlobalValueOptions]);
        if (positional >= args.Length || (positional > 0 && args[positional - 1] == "--"))
        {
            return args;
        }
        return [.. args[..positional], "--", .. args[positional..]];
    }

    /// <summary>The index of the first token at or after <paramref name="start"/> that is not an option or an option's value.</summary>
    private static int SkipOptions(string[] args, int start, HashSet<string> valueOptions)
    {
        var i = start;
        while (i < args.Length && args[i].StartsWith('-') && args[i] != "--" && args[i] != "-")
        {
            i += valueOptions.Contains(args[i]) ? 2 : 1;
        }
        return i < args.Length && args[i] == "--" ? i + 1 : i;
    }
}
