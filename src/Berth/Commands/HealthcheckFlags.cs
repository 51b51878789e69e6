using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Health;
using Berth.Timing;

namespace Berth.Cli.Commands;

/// <summary>
/// The health check flags of `run` and `create`, as Podman 4.3 reads them (its words in the errors): --health-cmd (a
/// shell command, a JSON array, or none), --health-interval (a Go duration or disable), --health-timeout, --health-retries,
/// --health-start-period, --health-on-failure and --no-healthcheck. Each flag not given keeps the image's setting.
/// </summary>
public sealed class HealthcheckFlags
{
    /// <summary>The flags that take a value, which the command line must not take for the image.</summary>
    public static readonly string[] ValueOptions = ["--health-cmd", "--health-interval", "--health-timeout", "--health-retries", "--health-start-period", "--health-on-failure"];

    private readonly Option<string?> _cmd = new("--health-cmd") { Description = "set a healthcheck command for the container ('none' disables the existing healthcheck)" };
    private readonly Option<string?> _interval = new("--health-interval") { Description = "set an interval for the healthchecks (a value of disable results in no automatic timer setup) (default \"30s\")" };
    private readonly Option<string?> _timeout = new("--health-timeout") { Description = "the maximum time allowed to complete the healthcheck before an interval is considered failed (default \"30s\")" };
    private readonly Option<string?> _retries = new("--health-retries") { Description = "the number of retries allowed before a healthcheck is considered to be unhealthy (default 3)" };
    private readonly Option<string?> _startPeriod = new("--health-start-period") { Description = "the initialization time needed for a container to bootstrap (default \"0s\")" };
    private readonly Option<string?> _onFailure = new("--health-on-failure") { Description = "action to take once the container turns unhealthy: none, kill, restart or stop (default \"none\")" };
    private readonly Option<bool> _noHealthcheck = new("--no-healthcheck") { Description = "Disable healthchecks on container" };

    public IEnumerable<Option> Options => [_cmd, _interval, _timeout, _retries, _startPeriod, _onFailure, _noHealthcheck];

    public HealthcheckOverrides ToOverrides(ParseResult parse) => Parse(
        parse.GetValue(_cmd), parse.GetValue(_interval), parse.GetValue(_timeout), parse.GetValue(_retries),
        parse.GetValue(_startPeriod), parse.GetValue(_onFailure), parse.GetValue(_noHealthcheck));

    public static HealthcheckOverrides Parse(string? cmd, string? interval, string? timeout, string? retries, string? startPeriod, string? onFailure, bool disabled)
    {
        var test = Test(cmd);
        if (disabled && test is not null and not ["NONE"])
        {
            throw new InvalidArgumentException("cannot specify both --no-healthcheck and --health-cmd");
        }
        var timeoutSpan = Duration("timeout", timeout);
        if (timeoutSpan < TimeSpan.FromTicks(1))
        {
            throw new InvalidArgumentException("healthcheck-timeout must be at least 1 second");
        }
        var startSpan = Duration("start-period", startPeriod);
        if (startSpan < TimeSpan.Zero)
        {
            throw new InvalidArgumentException("healthcheck-start-period must be 0 seconds or greater");
        }
        return new HealthcheckOverrides
        {
            Test = test,
            // disable, 0 or less: no timer, only `healthcheck run`.
            Interval = interval == "disable" ? TimeSpan.Zero : Duration("interval", interval) is { } every ? (every > TimeSpan.Zero ? every : TimeSpan.Zero) : null,
            Timeout = timeoutSpan,
            StartPeriod = startSpan,
            Retries = Retries(retries),
            OnFailure = OnFailure(onFailure),
            Disabled = disabled,
        };
    }

    /// <summary>
    /// Podman's reading of --health-cmd: "none" disables; a JSON array is CMD with its items (or the array as it is when
    /// it starts with CMD, CMD-SHELL or NONE); anything else is one shell command. Empty: the image's.
    /// </summary>
    private static List<string>? Test(string? cmd)
    {
        if (string.IsNullOrEmpty(cmd))
        {
            return null;
        }
        if (cmd.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return ["NONE"];
        }
        if (!cmd.TrimStart().StartsWith('['))
        {
            return ["CMD-SHELL", cmd];
        }
        List<string> items;
        try
        {
            items = JsonNode.Parse(cmd) is JsonArray array ? [.. array.Select(item => item?.GetValue<string>() ?? "")] : ["CMD-SHELL", cmd];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return ["CMD-SHELL", cmd];
        }
        return items switch
        {
            [] or [""] or ["CMD" or "CMD-SHELL"] => throw new InvalidArgumentException("must define a healthcheck command for all healthchecks"),
            ["CMD" or "CMD-SHELL" or "NONE", ..] => items,
            [var single] => ["CMD-SHELL", single],
            _ => ["CMD", .. items],
        };
    }

    private static TimeSpan? Duration(string name, string? value)
    {
        if (value is null)
        {
            return null;
        }
        return GoDuration.TryParse(value, out var nanoseconds)
            ? TimeSpan.FromTicks(nanoseconds / 100)
            : throw new InvalidArgumentException($"invalid healthcheck-{name}: time: invalid duration \"{value}\"");
    }

    private static int? Retries(string? value)
    {
        if (value is null)
        {
            return null;
        }
        if (!uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var retries) || retries > int.MaxValue)
        {
            throw new InvalidArgumentException($"invalid argument \"{value}\" for \"--health-retries\" flag: strconv.ParseUint: parsing \"{value}\": invalid syntax");
        }
        return retries > 0 ? (int)retries : throw new InvalidArgumentException("healthcheck-retries must be greater than 0");
    }

    private static HealthOnFailure OnFailure(string? value) => value switch
    {
        null or "none" => HealthOnFailure.None,
        "kill" => HealthOnFailure.Kill,
        "restart" => HealthOnFailure.Restart,
        "stop" => HealthOnFailure.Stop,
        _ => throw new InvalidArgumentException($"invalid on-failure action \"{value}\" for health check: supported actions are none,kill,restart,stop"),
    };
}
