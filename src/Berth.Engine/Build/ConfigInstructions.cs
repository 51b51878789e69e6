using System.Globalization;

namespace Berth.Engine.Build;

/// <summary>
/// The instructions that change only the image's config (Dockerfile reference semantics), shared by a build's
/// steps and `commit --change`.
/// </summary>
internal static class ConfigInstructions
{
    public static readonly IReadOnlySet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "ENV", "LABEL", "MAINTAINER", "EXPOSE", "VOLUME", "USER", "STOPSIGNAL", "SHELL", "HEALTHCHECK", "ONBUILD", "CMD", "ENTRYPOINT",
    };

    public static void Apply(ContainerfileInstruction instruction, BuildState state)
    {
        switch (instruction.Keyword)
        {
            case "ENV":
                foreach (var (key, value) in KeyValueParser.Parse(instruction.Arguments))
                {
                    state.SetEnv(key, VariableExpander.Expand(value, state.Variables()));
                }
                break;
            case "LABEL":
                foreach (var (key, value) in KeyValueParser.Parse(instruction.Arguments))
                {
                    state.Labels[VariableExpander.Expand(key, state.Variables())] = VariableExpander.Expand(value, state.Variables());
                }
                break;
            case "MAINTAINER":
                state.Labels["maintainer"] = instruction.Arguments;
                break;
            case "EXPOSE":
                foreach (var word in Words(instruction, state))
                {
                    state.ExposedPorts.Add(Port(word));
                }
                break;
            case "VOLUME":
                foreach (var volume in instruction.ExecForm ?? Words(instruction, state))
                {
                    state.Volumes.Add(volume);
                }
                break;
            case "USER":
                state.User = VariableExpander.Expand(instruction.Arguments, state.Variables());
                break;
            case "STOPSIGNAL":
                state.StopSignal = VariableExpander.Expand(instruction.Arguments, state.Variables());
                break;
            case "SHELL":
                state.Shell = [.. instruction.ExecForm!];
                break;
            case "HEALTHCHECK":
                state.Healthcheck = HealthcheckParser.Parse(instruction);
                break;
            case "ONBUILD":
                state.OnBuild.Add(instruction.Arguments);
                break;
            case "CMD":
                state.Cmd = Command(instruction, state);
                state.CmdSetHere = true;
                break;
            case "ENTRYPOINT":
                state.Entrypoint = Command(instruction, state);
                if (!state.CmdSetHere)
                {
                    state.Cmd = null;
                }
                break;
            default:
                throw new InvalidOperationException($"{instruction.Keyword} changes more than the config");
        }
    }

    private static List<string> Command(ContainerfileInstruction instruction, BuildState state) =>
        instruction.ExecForm is { } exec ? [.. exec] : [.. state.Shell, instruction.Arguments];

    private static List<string> Words(ContainerfileInstruction instruction, BuildState state) =>
        KeyValueParser.SplitWords(VariableExpander.Expand(instruction.Arguments, state.Variables()));

    /// <summary>"80" → "80/tcp"; "53/udp" stays.</summary>
    private static string Port(string word)
    {
        var slash = word.IndexOf('/');
        var number = slash < 0 ? word : word[..slash];
        var protocol = slash < 0 ? "tcp" : word[(slash + 1)..].ToLowerInvariant();
        return ushort.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port > 0 && protocol is "tcp" or "udp" or "sctp"
            ? $"{port}/{protocol}"
            : throw new BerthException($"invalid port to EXPOSE: {word}");
    }
}
