using System.Text;
using System.Text.Json.Nodes;

namespace Berth.ApiServer.Validation;

/// <summary>Checks metadata: the name format of each kind, namespace, labels and annotations (apimachinery ValidateObjectMeta).</summary>
internal static class MetadataValidator
{
    private const int AnnotationsMaxBytes = 256 * 1024;

    /// <param name="checkName">The kind's rule for metadata.name (its strategy's <c>CheckName</c>).</param>
    public static void Validate(JsonObject obj, Func<string, IReadOnlyList<string>> checkName, List<FieldError> errors)
    {
        var name = obj.Str("metadata", "name");
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(FieldError.Required("metadata.name", "name or generateName is required"));
        }
        else
        {
            foreach (var message in checkName(name))
            {
                errors.Add(FieldError.Invalid("metadata.name", name, message));
            }
        }

        if (obj.Str("metadata", "namespace") is { Length: > 0 } ns)
        {
            foreach (var message in NameRules.Dns1123Label(ns))
            {
                errors.Add(FieldError.Invalid("metadata.namespace", ns, message));
            }
        }

        Labels(obj.At("metadata", "labels"), "metadata.labels", errors);
        Annotations(obj.At("metadata", "annotations"), "metadata.annotations", errors);
        Finalizers(obj, errors);
        OwnerReferences(obj, errors);
    }

    /// <summary>Checks a label map: qualified-name keys and label values, errors on the map's path as Kubernetes reports them.</summary>
    public static void Labels(JsonNode? labels, string path, List<FieldError> errors)
    {
        if (labels is not JsonObject map)
        {
            return;
        }

        foreach (var (key, value) in map)
        {
            foreach (var message in NameRules.QualifiedName(key))
            {
                errors.Add(FieldError.Invalid(path, key, message));
            }

            var text = value?.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString() ?? "";
            foreach (var message in NameRules.LabelValue(text))
            {
                errors.Add(FieldError.Invalid(path, text, message));
            }
        }
    }

    private static void Annotations(JsonNode? annotations, string path, List<FieldError> errors)
    {
        if (annotations is not JsonObject map)
        {
            return;
        }

        var size = 0;
        foreach (var (key, value) in map)
        {
            foreach (var message in NameRules.QualifiedName(key.ToLowerInvariant()))
            {
                errors.Add(FieldError.Invalid(path, key, message));
            }

            size += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value?.ToString() ?? "");
        }

        if (size > AnnotationsMaxBytes)
        {
            errors.Add(new FieldError(FieldErrorType.TooLong, path, null, $"must have at most {AnnotationsMaxBytes} bytes"));
        }
    }

    private static void Finalizers(JsonObject obj, List<FieldError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var finalizer in obj.Strings("metadata", "finalizers"))
        {
            var at = $"metadata.finalizers[{i++}]";
            foreach (var message in NameRules.QualifiedName(finalizer))
            {
                errors.Add(FieldError.Invalid(at, finalizer, message));
            }

            if (!seen.Add(finalizer))
            {
                errors.Add(FieldError.Duplicate(at, finalizer));
            }
        }
    }

    private static void OwnerReferences(JsonObject obj, List<FieldError> errors)
    {
        var controllers = 0;
        foreach (var owner in obj.Objects("metadata", "ownerReferences"))
        {
            foreach (var field in new[] { "apiVersion", "kind", "name", "uid" })
            {
                if (string.IsNullOrEmpty(owner.Str(field)))
                {
                    errors.Add(FieldError.Invalid($"metadata.ownerReferences.{field}", "", $"{field} must not be empty"));
                }
            }

            controllers += owner.Bool("controller") ? 1 : 0;
        }

        if (controllers > 1)
        {
            errors.Add(FieldError.Invalid("metadata.ownerReferences", obj.At("metadata", "ownerReferences")?.DeepClone(), "Only one reference can have Controller set to true"));
        }
    }
}
