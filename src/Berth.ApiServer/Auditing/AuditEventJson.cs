using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.Rest;

namespace Berth.ApiServer.Auditing;

/// <summary>
/// Writes an <see cref="AuditEvent"/> as one JSON line in kube's field order and names
/// (audit.k8s.io/v1 Event). Bodies are parsed here, on the log's writer thread, where Secrets are
/// redacted (<see cref="SecretRedaction"/>) and managed fields dropped when the policy says so.
/// </summary>
public static class AuditEventJson
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 128 };

    /// <summary>The event and a newline.</summary>
    public static void Write(AuditEvent e, IBufferWriter<byte> output)
    {
        using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("kind", "Event");
            json.WriteString("apiVersion", AuditPolicy.ApiVersion);
            json.WriteString("level", e.Level.ToString());
            json.WriteString("auditID", e.AuditId);
            json.WriteString("stage", e.Stage.ToString());
            json.WriteString("requestURI", e.RequestUri);
            json.WriteString("verb", e.Verb);
            WriteUser(json, "user", e.User);
            if (e.ImpersonatedUser is { } impersonated)
            {
                WriteUser(json, "impersonatedUser", impersonated);
            }
            if (e.SourceIps.Count > 0)
            {
                json.WriteStartArray("sourceIPs");
                foreach (var ip in e.SourceIps)
                {
                    json.WriteStringValue(ip);
                }
                json.WriteEndArray();
            }
            if (!string.IsNullOrEmpty(e.UserAgent))
            {
                json.WriteString("userAgent", e.UserAgent);
            }
            if (e.ObjectRef is { } objectRef)
            {
                WriteObjectRef(json, objectRef);
            }
            if (e.ResponseStatus is { } status)
            {
                WriteStatus(json, status);
            }
            var secret = e.ObjectRef is { Resource: "secrets", ApiGroup: "" };
            if (e.RequestObject is { } request && RequestNode(request) is { } requestNode)
            {
                Trim(requestNode, e.OmitManagedFields);
                if (e.Level < AuditLevel.RequestResponse)
                {
                    SecretRedaction.Apply(requestNode, secret);
                }
                json.WritePropertyName("requestObject");
                requestNode.WriteTo(json);
            }
            if (e.ResponseObject is { } response && Parse(response) is { } responseNode)
            {
                Trim(responseNode, e.OmitManagedFields);
                json.WritePropertyName("responseObject");
                responseNode.WriteTo(json);
            }
            json.WriteString("requestReceivedTimestamp", Timestamp(e.RequestReceivedTimestamp));
            json.WriteString("stageTimestamp", Timestamp(e.StageTimestamp));
            if (e.Annotations.Count > 0)
            {
                json.WriteStartObject("annotations");
                foreach (var (key, value) in e.Annotations)
                {
                    json.WriteString(key, value);
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        output.Write("\n"u8);
    }

    /// <summary>RFC 3339 with microseconds, as kube's metav1.MicroTime.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    private static void WriteUser(Utf8JsonWriter json, string name, UserInfo user)
    {
        json.WriteStartObject(name);
        json.WriteString("username", user.Name);
        if (user.Uid.Length > 0)
        {
            json.WriteString("uid", user.Uid);
        }
        if (user.Groups.Count > 0)
        {
            json.WriteStartArray("groups");
            foreach (var group in user.Groups)
            {
                json.WriteStringValue(group);
            }
            json.WriteEndArray();
        }
        if (user.Extra.Count > 0)
        {
            json.WriteStartObject("extra");
            foreach (var (key, values) in user.Extra)
            {
                json.WriteStartArray(key);
                foreach (var value in values)
                {
                    json.WriteStringValue(value);
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteObjectRef(Utf8JsonWriter json, AuditObjectRef o)
    {
        json.WriteStartObject("objectRef");
        WriteIfAny(json, "resource", o.Resource);
        WriteIfAny(json, "namespace", o.Namespace);
        WriteIfAny(json, "name", o.Name);
        WriteIfAny(json, "apiGroup", o.ApiGroup);
        WriteIfAny(json, "apiVersion", o.ApiVersion);
        WriteIfAny(json, "subresource", o.Subresource);
        json.WriteEndObject();
    }

    private static void WriteStatus(Utf8JsonWriter json, AuditResponseStatus status)
    {
        json.WriteStartObject("responseStatus");
        json.WriteStartObject("metadata");
        json.WriteEndObject();
        WriteIfAny(json, "status", status.Status);
        WriteIfAny(json, "message", status.Message);
        WriteIfAny(json, "reason", status.Reason);
        if (status.Details is { } details)
        {
            json.WritePropertyName("details");
            details.WriteTo(json);
        }
        json.WriteNumber("code", status.Code);
        json.WriteEndObject();
    }

    private static void WriteIfAny(Utf8JsonWriter json, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json.WriteString(name, value);
        }
    }

    private static JsonNode? RequestNode(AuditBody body)
    {
        if (!body.IsYaml)
        {
            return Parse(body.Bytes);
        }
        try
        {
            return YamlBody.ToJson(body.Bytes);
        }
        catch (Http.ApiException)
        {
            return null;
        }
    }

    /// <summary>The body as JSON; null when it is not JSON (a protobuf or text response), which is then left out.</summary>
    private static JsonNode? Parse(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(bytes.Span, NodeOptions, DocumentOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Trim(JsonNode node, bool omitManagedFields)
    {
        if (!omitManagedFields || node is not JsonObject obj)
        {
            return;
        }
        (obj["metadata"] as JsonObject)?.Remove("managedFields");
        if (obj["items"] is JsonArray items)
        {
            foreach (var item in items.OfType<JsonObject>())
            {
                (item["metadata"] as JsonObject)?.Remove("managedFields");
            }
        }
    }
}
