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

    /// <summary>A keyed list item; <paramref name="keys"/> holds the key fields in name order, as Kubernetes writes them.</summary>
    public static string Key(JsonObject keys) => "k:" + keys.ToJsonString();

    public static string Value(JsonNode? value) => "v:" + (value?.ToJsonString() ?? "null");

    public static string Child(string path, string element) => path.Length == 0 ? element : path + Separator + element;

    public static string[] Elements(string path) => path.Split(Separator);

    /// <summary>The paths strictly above <paramref name="path"/>, nearest the root first.</summary>
    public static IEnumerable<string> Ancestors(string path)
    {
        for (var end = path.IndexOf(Separator); end >= 0; end = path.IndexOf(Separator, end + 1))
        {
            yield return path[..end];
        }
    }

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
