using System.Text.Json.Nodes;
using Berth.ApiServer.Patching;

namespace Berth.ApiServer.FieldManagement;

/// <summary>Removes the value at a <see cref="FieldPath"/> from an object: a field, a map key, a keyed list item or a set value.</summary>
public static class FieldRemover
{
    /// <summary>Removes the value; a path that no longer leads anywhere is left alone.</summary>
    public static void Remove(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        var elements = FieldPath.Elements(path);
        for (var i = 0; i < elements.Length && node is not null; i++)
        {
            var last = i == elements.Length - 1;
            var element = elements[i];
            var body = element[2..];
            switch (element[0], node)
            {
                case ('f', JsonObject parent):
                    if (last)
                    {
                        parent.Remove(body);
                    }

                    node = parent[body];
                    break;
                case ('k', JsonArray list):
                    var key = JsonNode.Parse(body)!.AsObject();
                    var item = list.FirstOrDefault(e => e is JsonObject o && key.All(k => JsonValueEquality.AreEqual(o[k.Key], k.Value)));
                    node = RemoveOrStep(list, item, last);
                    break;
                case ('v', JsonArray set):
                    var value = JsonNode.Parse(body);
                    node = RemoveOrStep(set, set.FirstOrDefault(e => JsonValueEquality.AreEqual(e, value)), last);
                    break;
                default:
                    return;
            }
        }
    }

    private static JsonNode? RemoveOrStep(JsonArray list, JsonNode? item, bool last)
    {
        if (last && item is not null)
        {
            list.Remove(item);
        }

        return item;
    }
}
