using System.CommandLine;

namespace Berth.Cli.Commands;

/// <summary>
/// Keeps a container's own command line away from Berth's options: in `run|create [OPTS] IMAGE CMD…`,
/// `exec [OPTS] CONTAINER CMD…`, `top CONTAINER [ps(1) ARGS…]` and `pod top POD [ps(1) ARGS…]` everything from the first positional on belongs to the container (as
/// Podman parses it), so `berth run img echo -e x` passes -e to echo. It inserts "--" before that positional.
/// The options before it must be the verb's own: an unknown one is refused in Podman's words, never taken for the image.
/// </summary>
public static class ContainerCommandLine
{
    public static string[] Protect(Command root, string[] args)
    {
        Command parent = root;
        var i = SkipOptions(root, args, 0);
        if (i < args.Length && Subcommand(root, args[i]) is { Name: "container" or "pod" } group)
        {
            parent = group;
            i = SkipOptions(group, args, i + 1);
        }
        // `pod top POD [ps(1) ARGS…]` as `top`; the pod group has no other verb that takes a command line.
        if (i >= args.Length || Subcommand(parent, args[i]) is not { } verb
            || (parent.Name == "pod" ? verb.Name != "top" : verb.Name is not ("run" or "create" or "exec" or "top")))
        {
            return args;
        }
        var positional = SkipOptions(verb, args, i + 1);
        if (positional >= args.Length || (positional > 0 && args[positional - 1] == "--"))
        {
            return args;
        }
        return [.. args[..positional], "--", .. args[positional..]];
    }

    /// <summary>The first word after the global options (the verb, or a group such as `container`), or null when there is none.</summary>
    public static string? VerbOf(Command root, string[] args)
    {
        var i = SkipOptions(root, args, 0);
        return i < args.Length ? args[i] : null;
    }

    /// <summary>The index of the first token at or after <paramref name="start"/> that is not one of <paramref name="command"/>'s options or an option's value.</summary>
    private static int SkipOptions(Command command, string[] args, int start)
    {
        var options = OptionsOf(command);
        var i = start;
        while (i < args.Length && args[i].StartsWith('-') && args[i] != "--" && args[i] != "-")
        {
            i += Width(args, i, options, command);
        }
        return i < args.Length && args[i] == "--" ? i + 1 : i;
    }

    /// <summary>How many tokens the option at <paramref name="i"/> spans: 1, or 2 with its value in the next token; bundled short flags (-it) as one.</summary>
    private static int Width(string[] args, int i, Dictionary<string, Option> options, Command command)
    {
        var token = args[i];
        var name = token.Split('=', 2)[0];
        if (options.TryGetValue(name, out var option))
        {
            return name.Length < token.Length || IsFlag(option) ? 1 : 2;
        }
        if (token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2)
        {
            throw new UnknownFlagException(token.StartsWith("--", StringComparison.Ordinal) ? $"unknown flag: {name}" : $"unknown shorthand flag: '{token[1]}' in {token}", command);
        }
        for (var j = 1; j < token.Length; j++)
        {
            if (!options.TryGetValue($"-{token[j]}", out var bundled))
            {
                throw new UnknownFlagException($"unknown shorthand flag: '{token[j]}' in {token}", command);
            }
            if (!IsFlag(bundled))
            {
                // The rest of the token is its value (-p8080:80), or the next token is.
                return j < token.Length - 1 ? 1 : 2;
            }
        }
        return 1;
    }

    private static bool IsFlag(Option option) => option.ValueType == typeof(bool) || option.ValueType == typeof(bool?);

    /// <summary>The command's options and the recursive ones of the commands above it (--root, --help), by every name.</summary>
    private static Dictionary<string, Option> OptionsOf(Command command)
    {
        var options = new Dictionary<string, Option>(StringComparer.Ordinal);
        IEnumerable<Option> all = command.Options;
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            all = all.Concat(parent.Options.Where(o => o.Recursive));
        }
        foreach (var option in all)
        {
            options.TryAdd(option.Name, option);
            foreach (var alias in option.Aliases)
            {
                options.TryAdd(alias, option);
            }
        }
        return options;
    }

    private static Command? Subcommand(Command parent, string name) =>
        parent.Subcommands.FirstOrDefault(c => c.Name == name || c.Aliases.Contains(name));
}
