namespace Berth.Cli.Commands;

/// <summary>A listing's <c>label=KEY</c> or <c>label=KEY=VALUE</c> filter value.</summary>
public static class LabelFilter
{
    public static bool Matches(IReadOnlyDictionary<string, string> labels, string value)
    {
        var equals = value.IndexOf('=');
        return equals < 0 ? labels.ContainsKey(value) : labels.TryGetValue(value[..equals], out var actual) && actual == value[(equals + 1)..];
    }
}
