using System.Text.Json.Nodes;

namespace Berth.ApiServer.FieldManagement;

/// <summary>
/// A set of <see cref="FieldPath"/>s, read from and written as managedFields' FieldsV1: a tree of
/// path elements where <c>{}</c> marks a member leaf and <c>".": {}</c> a member with members below.
/// </summary>
public sealed class FieldSet
{
    private readonly HashSet<string> _paths;

    public FieldSet(IEnumerable<string> paths) => _paths = new HashSet<string>(paths, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Paths => _paths;

    public bool IsEmpty => _paths.Count == 0;

    public bool Contains(string path) => _paths.Contains(path);

    /// <summary>The path or any path below it is in the set.</summary>
    public bool ContainsOrUnder(string path) => _paths.Contains(path) || _paths.Any(p => FieldPath.IsUnder(p, path));

    public FieldSet Union(IEnumerable<string> paths) => new(_paths.Concat(paths));

    public FieldSet Except(IEnumerable<string> paths)
    {
        var result = new FieldSet(_paths);
        result._paths.ExceptWith(paths);
        return result;
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
        var root = new JsonObject();
        foreach (var path in _paths.OrderBy(p => p, StringComparer.Ordinal))
        {
            var node = root;
            foreach (var element in FieldPath.Elements(path))
            {
                if (node[element] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[element] = child;
                }

                node = child;
            }
        }

        MarkMembers(root, "");
        return root;
    }

    private void MarkMembers(JsonObject node, string path)
    {
        foreach (var (element, child) in node.ToArray())
        {
            var childPath = FieldPath.Child(path, element);
            var childObject = (JsonObject)child!;
            if (childObject.Count > 0)
            {
                MarkMembers(childObject, childPath);
                if (_paths.Contains(childPath))
                {
                    childObject.Insert(0, ".", new JsonObject());
                }
            }
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
