using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s.Models;

namespace Berth.Client.Serialization;

/// <summary>
/// The model types as informers keep them: without metadata.managedFields, which no component
/// reads (kube-scheduler trims them from its informers too). Each entry's fieldsV1 is a tree of its
/// own; skipped while parsing, a watched pod decodes in about half the allocations. Short strings
/// and quantities that repeat from object to object are shared (<see cref="SharedStrings"/>,
/// <see cref="SharedQuantities"/>).
/// </summary>
internal static class CacheModelJson
{
    private static readonly JsonSerializerOptions Options = new(ModelJsonContext.Default.Options)
    {
        TypeInfoResolver = ModelJsonContext.Default.WithAddedModifier(SkipManagedFields),
        Converters = { new SharedStrings(), new SharedQuantities() },
    };

    public static JsonTypeInfo<T> For<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static void SkipManagedFields(JsonTypeInfo type)
    {
        if (type.Type != typeof(V1ObjectMeta))
        {
            return;
        }
        for (var i = type.Properties.Count - 1; i >= 0; i--)
        {
            if (type.Properties[i].Name == "managedFields")
            {
                type.Properties.RemoveAt(i);
            }
        }
    }
}
