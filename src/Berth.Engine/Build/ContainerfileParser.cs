using System.Text.Json;
using System.Text.RegularExpressions;

namespace Berth.Engine.Build;

/// <summary>
/// Splits a Containerfile into instructions, after the Dockerfile reference: '#' comment lines,
/// '\' line continuations, case-insensitive keywords, leading --flags, JSON-array exec forms. Checks
/// what can be checked without running anything, naming file and line.
/// </summary>
public static partial class ContainerfileParser
{
    private static readonly HashSet<string> Supported =
    [
        "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG",
        "STOPSIGNAL", "SHELL", "HEALTHCHECK", "ONBUILD",
    ];

    private static readonly HashSet<string> TakesFlags = ["FROM", "RUN", "ADD", "COPY", "HEALTHCHECK"];

    public static IReadOnlyList<ContainerfileInstruction> Parse(string text, string file)
    {
        var instructions = new List<ContainerfileInstruction>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (IsBlankOrComment(lines[i]))
            {
                continue;
            }
            var start = i + 1;
            var logical = lines[i].TrimEnd();
            while (logical.EndsWith('\\') && i + 1 < lines.Length)
            {
                logical = logical[..^1];
                i++;
                // Comment and blank lines inside a continuation are dropped, as Docker does.
                while (i + 1 < lines.Length && IsBlankOrComment(lines[i]))
                {
                    i++;
                }
                if (!IsBlankOrComment(lines[i]))
                {
                    logical += lines[i].TrimEnd();
                }
            }
            instructions.Add(ParseInstruction(logical, file, start));
        }
        if (instructions.Count == 0)
        {
            throw new ContainerfileException(file, 1, "file has no instructions");
        }
        if (instructions.FirstOrDefault(i => i.Keyword != "ARG") is { Keyword: not "FROM" } first)
        {
            throw new ContainerfileException(file, first.Line, $"{first.Keyword} before FROM: the first instruction must be FROM");
        }
        return instructions;
    }

    private static ContainerfileInstruction ParseInstruction(string logical, string file, int line)
    {
        var match = InstructionPattern().Match(logical);
        if (!match.Success)
        {
            throw new ContainerfileException(file, line, $"cannot parse line: {logical.Trim()}");
        }
        var keyword = match.Groups[1].Value.ToUpperInvariant();
        if (!Supported.Contains(keyword))
        {
            throw new ContainerfileException(file, line, $"unknown instruction: {match.Groups[1].Value}");
        }
        var rest = match.Groups[2].Value.Trim();
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        while (TakesFlags.Contains(keyword) && rest.StartsWith("--", StringComparison.Ordinal))
        {
            var end = rest.IndexOfAny([' ', '\t']);
            var flag = end < 0 ? rest : rest[..end];
            rest = end < 0 ? "" : rest[end..].TrimStart();
            var equals = flag.IndexOf('=');
            if (equals < 0)
            {
                throw new ContainerfileException(file, line, $"{keyword} flag {flag} needs a value (--name=value)");
            }
            flags[flag[2..equals]] = flag[(equals + 1)..];
        }
        if (rest.Length == 0)
        {
            throw new ContainerfileException(file, line, $"{keyword} requires at least one argument");
        }
        var instruction = new ContainerfileInstruction(keyword, line, flags, rest, TryExecForm(rest));
        Validate(instruction, file);
        return instruction;
    }

    /// <summary>One instruction on its own (`commit --change`), errors naming <paramref name="file"/>.</summary>
    internal static ContainerfileInstruction ParseLine(string text, string file) => ParseInstruction(text, file, 1);

    /// <summary>
    /// An ONBUILD trigger (as written after ONBUILD, and as an image's config stores it) parsed as the
    /// instruction it is; errors name <paramref name="line"/>: the ONBUILD, or the FROM that runs it.
    /// </summary>
    internal static ContainerfileInstruction ParseTrigger(string trigger, string file, int line)
    {
        var instruction = ParseInstruction(trigger, file, line);
        var error = instruction.Keyword switch
        {
            "ONBUILD" => "ONBUILD ONBUILD is not allowed",
            "FROM" or "MAINTAINER" => $"{instruction.Keyword} is not allowed as an ONBUILD trigger",
            "COPY" when instruction.Flags.ContainsKey("from") => "ONBUILD COPY --from is not supported",
            _ => null,
        };
        return error is null ? instruction : throw new ContainerfileException(file, line, error);
    }

    private static void Validate(ContainerfileInstruction instruction, string file)
    {
        var words = instruction.Arguments.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var error = instruction.Keyword switch
        {
            "FROM" when words.Length is not (1 or 3) || (words.Length == 3 && !words[1].Equals("AS", StringComparison.OrdinalIgnoreCase)) =>
                "FROM takes an image and optionally AS name",
            "COPY" or "ADD" when (instruction.ExecForm?.Count ?? words.Length) < 2 => $"{instruction.Keyword} requires at least two arguments: source(s) and destination",
            "COPY" when instruction.Flags.Keys.FirstOrDefault(f => f is not ("chown" or "chmod" or "from")) is { } flag => $"COPY flag --{flag} is not supported",
            "ADD" when instruction.Flags.Keys.FirstOrDefault(f => f is not ("chown" or "chmod")) is { } flag => $"ADD flag --{flag} is not supported",
            "FROM" or "RUN" when instruction.Flags.Count > 0 => $"{instruction.Keyword} flag --{instruction.Flags.Keys.First()} is not supported",
            "HEALTHCHECK" when instruction.Flags.Keys.FirstOrDefault(f => !HealthcheckParser.Flags.Contains(f)) is { } flag => $"HEALTHCHECK flag --{flag} is not supported",
            "HEALTHCHECK" => CheckHealthcheck(instruction),
            "WORKDIR" or "USER" or "STOPSIGNAL" when words.Length != 1 => $"{instruction.Keyword} requires exactly one argument",
            "SHELL" when instruction.ExecForm is null => "SHELL requires the JSON array form",
            "ENV" or "LABEL" when !instruction.Arguments.Contains('=') && words.Length < 2 => $"{instruction.Keyword} requires a name and a value",
            _ => null,
        };
        if (error is not null)
        {
            throw new ContainerfileException(file, instruction.Line, error);
        }
        if (instruction.Keyword == "ONBUILD")
        {
            ParseTrigger(instruction.Arguments, file, instruction.Line);
        }
    }

    private static string? CheckHealthcheck(ContainerfileInstruction instruction)
    {
        try
        {
            HealthcheckParser.Parse(instruction);
            return null;
        }
        catch (BerthException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>A JSON array of strings is the exec form; anything else (even starting with '[') is shell form, as in Docker.</summary>
    internal static List<string>? TryExecForm(string arguments)
    {
        if (!arguments.StartsWith('['))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(arguments, BuildJson.Default.ListString);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsBlankOrComment(string line)
    {
        var trimmed = line.TrimStart();
        return trimmed.Length == 0 || trimmed[0] == '#';
    }

    [GeneratedRegex(@"^\s*([A-Za-z]+)(?:\s+(.*))?$", RegexOptions.Singleline)]
    private static partial Regex InstructionPattern();
}
