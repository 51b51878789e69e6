using System.Globalization;
using System.Text.Json.Nodes;

namespace Berth.Cli.Output;

/// <summary>Values as Podman's JSON output writes them.</summary>
public static class JsonFields
{
    /// <summary>Go's RFC 3339 with fractional seconds, in UTC.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFK", CultureInfo.InvariantCulture);

    /// <summary>A string map as a JSON object, keys in order (Go's encoding/json sorts them).</summary>
    public static JsonObject Map(IReadOnlyDictionary<string, string> map) =>
        new([.. map.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))]);
}
