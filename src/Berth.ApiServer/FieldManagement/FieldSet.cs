using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.ApiServer.FieldManagement;

/// <summary>
/// A set of <see cref="FieldPath"/>s, read from and written as managedFields' FieldsV1: a tree of
/// path elements where <c>{}</c> marks a member leaf and <c>".": {}</c> a member with members below.
/// </summary>
public sealed class FieldSet
{
    private const int RecentSlots = 64;

    // The FieldsV1 of sets written lately, by a hash of their paths that ignores order: one client's creates of one
    // kind (a recorder's Events, a controller's pods) own the same fields again and again, and building the sorted
    // tree was most of recording them. A slot holds the last set that hashed to it; a reference, so swapped whole.
    private static readonly Written?[] Recent = new Written?[RecentSlots];

    private readonly HashSet<string> _paths;

    public FieldSet(IEnumerable<string> paths) => _paths = new HashSet<string>(paths, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Paths => _paths;

    public bool IsEmpty => _paths.Count == 0;

    public bool Contains(string path) => _paths.Contains(path);

    public FieldSet Union(IEnumerable<string> paths) => new(_paths.Concat(paths));

    public FieldSet Except(IEnumerable<string> paths)
    {
        var result = new FieldSet(_paths);
        result._paths.ExceptWith(paths);
        return result;
    }

    /// <summary>The paths and every path above them.</summary>
    public IEnumerable<string> WithAncestors()
    {
        var all = new HashSet<string>(_paths, StringComparer.Ordinal);
        foreach (var path in _paths)
        {
            all.UnionWith(FieldPath.Ancestors(path));
        }

        return all;
    }

    public bool SetEquals(FieldSet other) => _paths.SetEquals(other._paths);

    /// <summary>Reads FieldsV1; null when it is not a tree of objects.</summary>
    public static FieldSet? FromFieldsV1(JsonNode? fields)
    {
        var paths = new List<string>();
        return fields is JsonObject root && Read(root, "", paths) ? new FieldSet(paths) : null;
    }

    public JsonObject ToFieldsV1()
    {
        var hash = _paths.Count;
        foreach (var path in _paths)
        {
            hash += StringComparer.Ordinal.GetHashCode(path);
        }
        var slot = (uint)hash % RecentSlots;
        if (Recent[slot] is not { } written || written.Hash != hash || !written.Set._paths.SetEquals(_paths))
        {
            written = new Written(this, hash, WriteFieldsV1());
            Recent[slot] = written;
        }

        // Parsed from bytes, a node stays backed by them until touched, which keeps this off the create path's cost
        // (a tree of JsonObjects costs several times more).
        return JsonNode.Parse(written.Json)!.AsObject();
    }

    private byte[] WriteFieldsV1()
    {
        var root = new Trie();
        foreach (var path in _paths)
        {
            var node = root;
            foreach (var element in FieldPath.Elements(path))
            {
                node = node.Children.TryGetValue(element, out var child) ? child : node.Children[element] = new Trie();
            }

            node.Member = true;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            root.Write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private sealed record Written(FieldSet Set, int Hash, byte[] Json);

    /// <summary>Path elements as a tree; children sorted as Kubernetes writes them.</summary>
    private sealed class Trie
    {
        public SortedDictionary<string, Trie> Children { get; } = new(StringComparer.Ordinal);

        public bool Member { get; set; }

        public void Write(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            if (Member && Children.Count > 0)
            {
                writer.WriteStartObject(".");
                writer.WriteEndObject();
            }

            foreach (var (element, child) in Children)
            {
                writer.WritePropertyName(element);
                child.Write(writer);
            }

            writer.WriteEndObject();
        }
    }

    private static bool Read(JsonObject node, string path, List<string> paths)
    {
        foreach (var (element, child) in node)
        {
            if (element == ".")
            {
                paths.Add(path);
                continue;
            }

            if (element.Length < 2 || element[1] != ':' || element[0] is not ('f' or 'k' or 'v' or 'i') || child is not JsonObject childObject)
            {
                return false;
            }

            var childPath = FieldPath.Child(path, element);
            if (childObject.Count == 0)
            {
                paths.Add(childPath);
            }
            else if (!Read(childObject, childPath, paths))
            {
                return false;
            }
        }

        return true;
    }
}
