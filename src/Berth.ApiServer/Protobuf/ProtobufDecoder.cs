using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.ApiServer.Http;

namespace Berth.ApiServer.Protobuf;

/// <summary>
/// Reads <c>application/vnd.kubernetes.protobuf</c> bodies (kubectl's typed create commands send them):
/// the "k8s\0" envelope holding a runtime.Unknown, whose raw bytes are the object's message, turned
/// into the object's JSON form. Empty strings, zero times and zero numbers of non-pointer fields are
/// left out, as Go's omitempty JSON would.
/// </summary>
public static class ProtobufDecoder
{
    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    // Pointer fields where zero or false is a real value (gogo writes pointer fields only when set).
    private static readonly HashSet<string> ZeroMeaningful =
    [
        "replicas", "parallelism", "completions", "backoffLimit", "backoffLimitPerIndex", "maxFailedIndexes", "terminationGracePeriodSeconds",
        "activeDeadlineSeconds", "revisionHistoryLimit", "progressDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit",
        "startingDeadlineSeconds", "ttlSecondsAfterFinished", "automountServiceAccountToken", "immutable", "suspend", "partition",
        "enableServiceLinks", "minReplicas", "optional", "readOnly", "defaultMode", "mode", "runAsUser", "runAsGroup", "runAsNonRoot",
        "privileged", "allowPrivilegeEscalation", "readOnlyRootFilesystem", "fsGroup", "priority", "leaseDurationSeconds", "leaseTransitions",
        "ready", "serving", "terminating", "port", "containerPort", "count", "deprecatedCount", "exitCode",
    ];

    /// <summary>The JSON object of a protobuf body for the given message (for example k8s.io.api.core.v1.ConfigMap).</summary>
    public static JsonObject Decode(ReadOnlySpan<byte> body, string message)
    {
        if (!body.StartsWith(Magic))
        {
            throw ApiException.BadRequest("the protobuf body does not start with the Kubernetes envelope (k8s\\0)");
        }
        try
        {
            var unknown = new ProtoReader(body[Magic.Length..].ToArray());
            string? apiVersion = null, kind = null;
            byte[]? raw = null;
            while (unknown.Next(out var number, out var wireType))
            {
                switch (number)
                {
                    case 1:
                        var typeMeta = new ProtoReader(unknown.Bytes(wireType));
                        while (typeMeta.Next(out var n, out var w))
                        {
                            var value = Encoding.UTF8.GetString(typeMeta.Bytes(w));
                            if (n == 1)
                            {
                                apiVersion = value;
                            }
                            else if (n == 2)
                            {
                                kind = value;
                            }
                        }
                        break;
                    case 2:
                        raw = unknown.Bytes(wireType);
                        break;
                    default:
                        unknown.Skip(wireType);
                        break;
                }
            }
            var obj = new JsonObject();
            if (apiVersion is { Length: > 0 })
            {
                obj["apiVersion"] = apiVersion;
            }
            if (kind is { Length: > 0 })
            {
                obj["kind"] = kind;
            }
            foreach (var (key, value) in DecodeMessage(raw ?? [], message, 0))
            {
                obj[key] = value?.DeepClone();
            }
            return obj;
        }
        catch (ProtoFormatException ex)
        {
            throw ApiException.BadRequest($"the protobuf body is malformed: {ex.Message}");
        }
    }

    private static JsonObject DecodeMessage(byte[] bytes, string message, int depth)
    {
        if (depth > 64)
        {
            throw new ProtoFormatException("the message nests too deeply");
        }
        var fields = ProtoMessages.Find(message) ?? throw ApiException.UnsupportedMediaType($"application/vnd.kubernetes.protobuf ({message} is not supported; send JSON)");
        var reader = new ProtoReader(bytes);
        var obj = new JsonObject();
        while (reader.Next(out var number, out var wireType))
        {
            if (!fields.TryGetValue(number, out var field))
            {
                reader.Skip(wireType);
                continue;
            }
            switch (field.Label)
            {
                case ProtoLabel.Map:
                    var map = obj[field.Name] as JsonObject ?? [];
                    var (key, value) = DecodeMapEntry(reader.Bytes(wireType), field.Type, depth);
                    map[key] = value;
                    obj[field.Name] = map;
                    break;
                case ProtoLabel.Inline:
                    foreach (var (inlineKey, inlineValue) in DecodeMessage(reader.Bytes(wireType), field.Type, depth + 1))
                    {
                        obj[inlineKey] = inlineValue?.DeepClone();
                    }
                    break;
                case ProtoLabel.Repeated:
                    var array = obj[field.Name] as JsonArray ?? [];
                    if (wireType == 2 && IsPackable(field.Type))
                    {
                        var packed = new ProtoReader(reader.Bytes(wireType));
                        while (!packed.AtEnd)
                        {
                            array.Add(DecodeValue(packed, field.Type == "double" ? 1 : field.Type == "float" ? 5 : 0, field.Type, depth));
                        }
                    }
                    else
                    {
                        array.Add(DecodeValue(reader, wireType, field.Type, depth));
                    }
                    obj[field.Name] = array;
                    break;
                default:
                    var single = DecodeValue(reader, wireType, field.Type, depth);
                    if (KeepValue(field, single))
                    {
                        obj[field.Name] = single;
                    }
                    break;
            }
        }
        return obj;
    }

    private static bool KeepValue(ProtoField field, JsonNode? value) => value switch
    {
        null => false,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length > 0 || field.Type != "string",
        JsonValue v when v.TryGetValue<bool>(out var b) => b || ZeroMeaningful.Contains(field.Name),
        JsonValue v when v.TryGetValue<long>(out var l) => l != 0 || ZeroMeaningful.Contains(field.Name),
        _ => true,
    };

    private static (string Key, JsonNode? Value) DecodeMapEntry(byte[] entry, string types, int depth)
    {
        var comma = types.IndexOf(',');
        var keyType = types[..comma];
        var valueType = types[(comma + 1)..];
        var reader = new ProtoReader(entry);
        string key = "";
        JsonNode? value = valueType == "string" ? "" : null;
        while (reader.Next(out var number, out var wireType))
        {
            if (number == 1)
            {
                key = DecodeValue(reader, wireType, keyType, depth)?.ToString() ?? "";
            }
            else if (number == 2)
            {
                value = DecodeValue(reader, wireType, valueType, depth);
            }
            else
            {
                reader.Skip(wireType);
            }
        }
        return (key, value);
    }

    private static JsonNode? DecodeValue(ProtoReader reader, int wireType, string type, int depth)
    {
        switch (type)
        {
            case "string":
                return JsonValue.Create(Encoding.UTF8.GetString(reader.Bytes(wireType)));
            case "bytes":
                return JsonValue.Create(Convert.ToBase64String(reader.Bytes(wireType)));
            case "bool":
                return JsonValue.Create(reader.Varint(wireType) != 0);
            case "int32":
                return JsonValue.Create((long)(int)reader.Varint(wireType));
            case "int64" or "uint32" or "uint64":
                return JsonValue.Create((long)reader.Varint(wireType));
            case "double":
                return JsonValue.Create(BitConverter.Int64BitsToDouble((long)reader.Fixed64(wireType)));
            case "float":
                return JsonValue.Create((double)BitConverter.Int32BitsToSingle((int)reader.Fixed32(wireType)));
        }
        var bytes = reader.Bytes(wireType);
        return type switch
        {
            "k8s.io.apimachinery.pkg.apis.meta.v1.Time" => Time(bytes, micro: false),
            "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime" => Time(bytes, micro: true),
            "k8s.io.apimachinery.pkg.api.resource.Quantity" => DecodeMessage(bytes, type, depth + 1)["string"]?.DeepClone() ?? "0",
            "k8s.io.apimachinery.pkg.util.intstr.IntOrString" => IntOrString(DecodeMessage(bytes, type, depth + 1)),
            "k8s.io.apimachinery.pkg.runtime.RawExtension" or "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1" => RawJson(bytes),
            _ => DecodeMessage(bytes, type, depth + 1),
        };
    }

    /// <summary>metav1.Time: seconds and nanos; the zero time is JSON null (left out).</summary>
    private static JsonNode? Time(byte[] bytes, bool micro)
    {
        var reader = new ProtoReader(bytes);
        long seconds = 0, nanos = 0;
        while (reader.Next(out var number, out var wireType))
        {
            switch (number)
            {
                case 1:
                    seconds = (long)reader.Varint(wireType);
                    break;
                case 2:
                    nanos = (long)reader.Varint(wireType);
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }
        if (seconds == 0 && nanos == 0)
        {
            return null;
        }
        var time = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100).UtcDateTime;
        return JsonValue.Create(time.ToString(micro ? "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'" : "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }

    private static JsonNode? IntOrString(JsonObject decoded) =>
        decoded["type"] is JsonValue t && t.GetValue<long>() == 1
            ? JsonValue.Create(decoded["strVal"]?.GetValue<string>() ?? "")
            : JsonValue.Create(decoded["intVal"]?.GetValue<long>() ?? 0);

    private static JsonNode? RawJson(byte[] bytes)
    {
        var reader = new ProtoReader(bytes);
        while (reader.Next(out var number, out var wireType))
        {
            if (number == 1)
            {
                var raw = reader.Bytes(wireType);
                try
                {
                    return JsonNode.Parse(raw);
                }
                catch (JsonException)
                {
                    return JsonValue.Create(Convert.ToBase64String(raw));
                }
            }
            reader.Skip(wireType);
        }
        return null;
    }

    private static bool IsPackable(string type) => type is "bool" or "int32" or "int64" or "uint32" or "uint64" or "double" or "float";
}
