using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Resources;

namespace Berth.ApiServer.Selectors;

/// <summary>
/// A parsed <c>fieldSelector</c>: <c>field=value</c>, <c>field==value</c> or <c>field!=value</c> joined by
/// commas, over metadata.name, metadata.namespace and the fields a resource supports.
/// </summary>
public sealed class FieldSelector
{
    private readonly IReadOnlyList<(string Path, bool Equal, string Value)> _terms;

    private FieldSelector(IReadOnlyList<(string Path, bool Equal, string Value)> terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    public bool IsEverything => _terms.Count == 0;

    /// <summary>The name a <c>metadata.name=X</c> term pins, if any.</summary>
    public string? PinnedName => _terms.FirstOrDefault(t => t.Path == "metadata.name" && t.Equal).Value;

    public static FieldSelector Parse(string? text, ResourceDefinition resource)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }
        var terms = new List<(string, bool, string)>();
        foreach (var term in text.Split(','))
        {
            var (field, equal, value) = SplitTerm(term);
            var path = field switch
            {
                "metadata.name" or "metadata.namespace" => field,
                _ when resource.FieldLabels.TryGetValue(field, out var mapped) => mapped,
                _ => throw ApiException.BadRequest($"field label not supported: {field}"),
            };
            terms.Add((path, equal, value));
        }
        return new FieldSelector(terms);
    }

    public bool Matches(JsonObject obj) => _terms.All(t => (Resolve(obj, t.Path) == t.Value) == t.Equal);

    private static (string Field, bool Equal, string Value) SplitTerm(string term)
    {
        foreach (var (op, equal) in new[] { ("!=", false), ("==", true), ("=", true) })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                return (term[..at].Trim(), equal, term[(at + op.Length)..].Trim());
            }
        }
        throw ApiException.BadRequest($"invalid selector: '{term}'; can't understand '{term}'");
    }

    private static string Resolve(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }
        return node switch
        {
            null => path == "spec.hostNetwork" || path == "spec.unschedulable" ? "false" : "",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
            _ => node.ToJsonString(),
        };
    }
}
