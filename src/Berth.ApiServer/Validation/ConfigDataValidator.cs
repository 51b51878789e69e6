using System.Text.Json.Nodes;

namespace Berth.ApiServer.Validation;

/// <summary>Checks ConfigMap and Secret data: key formats, no key in both maps, base64 secret values, required keys of typed secrets.</summary>
internal static class ConfigDataValidator
{
    private const int MaxTotalBytes = 1024 * 1024;

    public static void ConfigMap(JsonObject cm, List<FieldError> errors)
    {
        var keys = Keys(cm, "data", errors);
        foreach (var key in Keys(cm, "binaryData", errors).Where(keys.Contains))
        {
            errors.Add(FieldError.Invalid($"data[{key}]", key, "duplicate of key present in binaryData"));
        }

        var size = Size(cm["data"]) + Size(cm["binaryData"]);
        if (size > MaxTotalBytes)
        {
            errors.Add(new FieldError(FieldErrorType.TooLong, "", null, $"must have at most {MaxTotalBytes} bytes"));
        }
    }

    public static void Secret(JsonObject secret, List<FieldError> errors)
    {
        // Values that are not base64 never get here: FieldTypes rejects them as Kubernetes' decoder does.
        Keys(secret, "data", errors);

        string[] required = secret.Str("type") switch
        {
            "kubernetes.io/tls" => ["tls.crt", "tls.key"],
            "kubernetes.io/dockerconfigjson" => [".dockerconfigjson"],
            "kubernetes.io/dockercfg" => [".dockercfg"],
            "kubernetes.io/basic-auth" => [],
            "kubernetes.io/ssh-auth" => ["ssh-privatekey"],
            _ => [],
        };
        foreach (var key in required.Where(k => secret.At("data", k) is null))
        {
            errors.Add(FieldError.Required($"data[{key}]"));
        }

        if (secret.Str("type") == "kubernetes.io/service-account-token" && secret.Str("metadata", "annotations", "kubernetes.io/service-account.name") is null)
        {
            errors.Add(FieldError.Required("metadata.annotations[kubernetes.io/service-account.name]"));
        }
    }

    private static HashSet<string> Keys(JsonObject obj, string field, List<FieldError> errors)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (obj[field] is not JsonObject map)
        {
            return keys;
        }

        foreach (var (key, _) in map)
        {
            keys.Add(key);
            foreach (var message in NameRules.ConfigMapKey(key))
            {
                errors.Add(FieldError.Invalid($"{field}[{key}]", key, message));
            }
        }

        return keys;
    }

    private static long Size(JsonNode? map) =>
        map is JsonObject o ? o.Sum(p => (long)p.Key.Length + (p.Value?.ToString().Length ?? 0)) : 0;
}
