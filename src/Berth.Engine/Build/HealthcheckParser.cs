using System.Globalization;
using Berth.Engine.Images.Oci;
using Berth.Timing;

namespace Berth.Engine.Build;

/// <summary>
/// HEALTHCHECK [--interval=D] [--timeout=D] [--start-period=D] [--start-interval=D] [--retries=N] CMD command,
/// or HEALTHCHECK NONE, into the config's Healthcheck as Docker stores it (Dockerfile reference
/// "HEALTHCHECK"; moby's parseHealthConfig for the checks and their words).
/// </summary>
internal static class HealthcheckParser
{
    public static readonly string[] Flags = ["interval", "timeout", "start-period", "start-interval", "retries"];

    public static OciHealthcheck Parse(ContainerfileInstruction instruction)
    {
        var arguments = instruction.Arguments;
        var end = arguments.IndexOfAny([' ', '\t']);
        var type = (end < 0 ? arguments : arguments[..end]).ToUpperInvariant();
        var command = end < 0 ? "" : arguments[end..].Trim();
        if (type == "NONE")
        {
            return command.Length == 0 && instruction.Flags.Count == 0
                ? new OciHealthcheck { Test = ["NONE"] }
                : throw new BerthException("HEALTHCHECK NONE takes no arguments or options");
        }
        if (type != "CMD")
        {
            throw new BerthException($"unknown type \"{(end < 0 ? arguments : arguments[..end])}\" in HEALTHCHECK (try CMD)");
        }
        if (command.Length == 0)
        {
            throw new BerthException("missing command after HEALTHCHECK CMD");
        }
        var exec = ContainerfileParser.TryExecForm(command);
        return new OciHealthcheck
        {
            Test = exec is null ? ["CMD-SHELL", command] : ["CMD", .. exec],
            Interval = Duration(instruction, "interval"),
            Timeout = Duration(instruction, "timeout"),
            StartPeriod = Duration(instruction, "start-period"),
            StartInterval = Duration(instruction, "start-interval"),
            Retries = Retries(instruction),
        };
    }

    /// <summary>A duration flag in nanoseconds; null when not given or zero (the default), as Docker leaves it out.</summary>
    private static long? Duration(ContainerfileInstruction instruction, string flag)
    {
        if (!instruction.Flags.TryGetValue(flag, out var value))
        {
            return null;
        }
        if (!GoDuration.TryParse(value, out var nanoseconds))
        {
            throw new BerthException($"HEALTHCHECK --{flag}={value}: not a duration (such as 30s, 1m30s)");
        }
        return nanoseconds switch
        {
            < 0 => throw new BerthException($"HEALTHCHECK --{flag}={value}: cannot be negative"),
            0 => null,
            < 1_000_000 => throw new BerthException($"HEALTHCHECK --{flag}={value}: cannot be less than 1ms"),
            _ => nanoseconds,
        };
    }

    private static int? Retries(ContainerfileInstruction instruction)
    {
        if (!instruction.Flags.TryGetValue("retries", out var value))
        {
            return null;
        }
        return int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var retries)
            ? retries switch
            {
                < 0 => throw new BerthException($"HEALTHCHECK --retries={value}: cannot be negative"),
                0 => null,
                _ => retries,
            }
            : throw new BerthException($"HEALTHCHECK --retries={value}: not a number");
    }
}
