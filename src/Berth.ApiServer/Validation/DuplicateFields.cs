using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.ApiServer.Validation;

/// <summary>
/// Finds object members that appear twice in a JSON body, which Kubernetes' strict decoder reports
/// as <c>duplicate field "metadata.name"</c> (Strict: 400; Warn: a warning, the last value wins).
/// Scans the raw bytes, since a parsed JsonObject cannot hold both.
/// </summary>
public static class DuplicateFields
{
    // Objects with more members than this are checked with a set of names, not pairwise.
    private const int PairwiseMembers = 64;

    /// <summary>The paths of repeated members in document order; empty for valid JSON without repeats. Malformed JSON yields what was found before the error.</summary>
    public static IReadOnlyList<string> Find(ReadOnlySpan<byte> utf8Json) => MayRepeat(utf8Json) ? FindPaths(utf8Json) : [];

    /// <summary>
    /// Whether some object may repeat a member: a scan that compares each member name's bytes with
    /// its siblings' and allocates one list, so a body without repeats (every write of a well-behaved
    /// client) pays no string, set or path per member. Escaped names, large objects and malformed
    /// JSON answer yes and leave the answer to <see cref="FindPaths"/>.
    /// </summary>
    private static bool MayRepeat(ReadOnlySpan<byte> utf8Json)
    {
        var names = new List<(int Start, int Length)>(32);
        Span<int> firstOfObject = stackalloc int[64];
        var depth = 0;
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        firstOfObject[depth++] = names.Count;
                        break;
                    case JsonTokenType.EndObject:
                        names.RemoveRange(firstOfObject[--depth], names.Count - firstOfObject[depth]);
                        break;
                    case JsonTokenType.PropertyName:
                        var first = firstOfObject[depth - 1];
                        if (reader.ValueIsEscaped || names.Count - first >= PairwiseMembers)
                        {
                            return true;
                        }
                        var name = reader.ValueSpan;
                        for (var i = first; i < names.Count; i++)
                        {
                            if (utf8Json.Slice(names[i].Start, names[i].Length).SequenceEqual(name))
                            {
                                return true;
                            }
                        }
                        names.Add(((int)reader.TokenStartIndex + 1, name.Length));
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return true;
        }
        return false;
    }

    private static IReadOnlyList<string> FindPaths(ReadOnlySpan<byte> utf8Json)
    {
        var found = new List<string>();
        var scopes = new Stack<Scope>();
        string? pendingName = null;
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        var scope = scopes.Peek();
                        if (!scope.Keys!.Add(name))
                        {
                            found.Add(Join(scope.Path, name));
                        }

                        pendingName = name;
                        continue;
                    case JsonTokenType.StartObject:
                        scopes.Push(new Scope(ChildPath(scopes, pendingName), new HashSet<string>(StringComparer.Ordinal), 0));
                        break;
                    case JsonTokenType.StartArray:
                        scopes.Push(new Scope(ChildPath(scopes, pendingName), null, 0));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        scopes.Pop();
                        Advance(scopes);
                        break;
                    default:
                        Advance(scopes);
                        break;
                }

                pendingName = null;
            }
        }
        catch (JsonException)
        {
            // Malformed bodies are reported by the parser; report what was found so far.
        }

        return found;
    }

    /// <summary>
    /// Parses JSON whose objects may repeat a member, keeping the last value as Kubernetes' decoder
    /// does (a JsonObject parsed directly from such a body throws when first enumerated).
    /// </summary>
    public static JsonNode? ParseLastWins(ReadOnlySpan<byte> utf8Json, int maxDepth)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = maxDepth });
        using var document = JsonDocument.ParseValue(ref reader);
        return ToNode(document.RootElement);
    }

    private static JsonNode? ToNode(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    obj[property.Name] = ToNode(property.Value);
                }

                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(ToNode(item));
                }

                return array;
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(element.Clone());
        }
    }

    /// <summary>The message of one duplicate: <c>duplicate field "metadata.name"</c>.</summary>
    public static string Message(string path) => $"duplicate field \"{path}\"";

    private static string ChildPath(Stack<Scope> scopes, string? name)
    {
        if (scopes.Count == 0)
        {
            return "";
        }

        var parent = scopes.Peek();
        return parent.Keys is null ? $"{parent.Path}[{parent.Index}]" : Join(parent.Path, name ?? "");
    }

    /// <summary>Counts a finished array element so the next one gets the next index.</summary>
    private static void Advance(Stack<Scope> scopes)
    {
        if (scopes.Count > 0 && scopes.Peek().Keys is null)
        {
            var array = scopes.Pop();
            scopes.Push(array with { Index = array.Index + 1 });
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private sealed record Scope(string Path, HashSet<string>? Keys, int Index);
}
