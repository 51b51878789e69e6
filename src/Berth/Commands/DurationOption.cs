using System.CommandLine;
using Berth.Timing;

namespace Berth.Cli.Commands;

/// <summary>A flag taking a Go-syntax duration (30s, 5m, 1h0m0s), as kube's and k3s' flags do.</summary>
public static class DurationOption
{
    public static Option<TimeSpan> Create(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (GoDuration.TryParse(text, out var nanoseconds) && nanoseconds >= 0)
            {
                return TimeSpan.FromTicks(nanoseconds / 100);
            }
            result.AddError($"{name} {text}: not a duration (such as 30s, 5m or 1h)");
            return defaultValue;
        },
    };
}
