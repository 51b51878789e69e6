using System.Text;
using System.Text.Json.Nodes;

namespace Berth.ApiServer.FieldManagement;

/// <summary>
/// A path into an object as the managedFields FieldsV1 format spells its elements: <c>f:name</c>
/// (a field or map key), <c>k:{"name":"web"}</c> (the list item with that key) and <c>v:"x"</c>
/// (a value of a set). A path is its elements joined by a NUL, which no element contains.
/// </summary>
public static class FieldPath
{
    public const char Separator = '\0';

    public static string Field(string name) => "f:" + name;

    public static string Key(string keyField, JsonNode? keyValue) =>
        "k:" + new JsonObject { [keyField] = keyValue?.DeepClone() }.ToJsonString();

    public static string Value(JsonNode? value) => "v:" + (value?.ToJsonString() ?? "null");

    public static string Child(string path, string element) => path.Length == 0 ? element : path + Separator + element;

    public static string[] Elements(string path) => path.Split(Separator);

    /// <summary>True when <paramref name="path"/> lies strictly under <paramref name="ancestor"/>.</summary>
    public static bool IsUnder(string path, string ancestor) =>
        path.Length > ancestor.Length && path[ancestor.Length] == Separator && path.StartsWith(ancestor, StringComparison.Ordinal);

    /// <summary>The path as Kubernetes prints it in conflicts: <c>.spec.containers[name="web"].image</c>.</summary>
    public static string Display(string path)
    {
        var text = new StringBuilder();
        foreach (var element in Elements(path))
        {
            var body = element[2..];
            switch (element[0])
            {
                case 'f':
                    text.Append('.').Append(body);
                    break;
                case 'k':
                    var keys = JsonNode.Parse(body)!.AsObject().Select(k => $"{k.Key}={k.Value?.ToJsonString()}");
                    text.Append('[').AppendJoin(',', keys).Append(']');
                    break;
                default:
                    text.Append("[=").Append(body).Append(']');
                    break;
            }
        }

        return text.ToString();
    }
}
