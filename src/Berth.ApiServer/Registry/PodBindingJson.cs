using System.Buffers;
using System.Text.Json;
using Berth.ApiServer.Http;

namespace Berth.ApiServer.Registry;

/// <summary>
/// What pods/binding stores, written straight from the pod's bytes in one pass of a reader and a
/// writer: spec.nodeName set and the PodScheduled condition True, the two changes kube's BindingREST
/// makes; every other member is copied as it was. No tree of the pod is built: the scheduler binds
/// each pod it places, and decoding, copying and encoding the whole pod was most of a binding's cost.
/// </summary>
public static class PodBindingJson
{
    // Kept larger than this, a thread's buffer is dropped after use rather than held for the thread's life.
    private const int KeptBufferBytes = 64 * 1024;

    // Each thread's writer and buffer, reused from binding to binding: only the stored bytes are new.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_output;
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <param name="pod">The pod as stored or as the watch cache serves it (its resourceVersion is left out).</param>
    /// <param name="now">PodScheduled's lastTransitionTime.</param>
    /// <exception cref="ApiException">409 when the pod is being deleted or is already bound.</exception>
    public static byte[] Bind(ReadOnlySpan<byte> pod, string name, string node, string now)
    {
        var output = t_output ??= new ArrayBufferWriter<byte>(pod.Length + 192);
        output.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(output);
        writer.Reset(output);
        try
        {
            var reader = new Utf8JsonReader(pod);
            reader.Read();
            writer.WriteStartObject();
            var (sawSpec, sawStatus) = (false, false);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("spec"u8))
                {
                    sawSpec = true;
                    ToValue(ref reader, writer);
                    WriteSpec(pod, ref reader, writer, name, node);
                }
                else if (reader.ValueTextEquals("status"u8))
                {
                    sawStatus = true;
                    ToValue(ref reader, writer);
                    WriteStatus(pod, ref reader, writer, now);
                }
                else if (reader.ValueTextEquals("metadata"u8) && ToValue(ref reader, writer) == JsonTokenType.StartObject)
                {
                    CopyMetadata(pod, ref reader, writer, name);
                }
                else
                {
                    // A metadata that is not an object was moved to already; it is copied as it is.
                    if (reader.TokenType == JsonTokenType.PropertyName)
                    {
                        ToValue(ref reader, writer);
                    }
                    CopyValue(pod, ref reader, writer);
                }
            }
            if (!sawSpec)
            {
                writer.WriteStartObject("spec"u8);
                writer.WriteString("nodeName"u8, node);
                writer.WriteEndObject();
            }
            if (!sawStatus)
            {
                writer.WriteStartObject("status"u8);
                WriteConditions(writer, now);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.Flush();
            return output.WrittenSpan.ToArray();
        }
        finally
        {
            if (output.Capacity > KeptBufferBytes)
            {
                (t_output, t_writer) = (null, null);
            }
        }
    }

    /// <summary>metadata without resourceVersion (the store's revision, never stored); a deleting pod is not bound.</summary>
    private static void CopyMetadata(ReadOnlySpan<byte> pod, ref Utf8JsonReader reader, Utf8JsonWriter writer, string name)
    {
        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("resourceVersion"u8))
            {
                reader.Read();
                continue;
            }
            var deleting = reader.ValueTextEquals("deletionTimestamp"u8);
            ToValue(ref reader, writer);
            if (deleting && reader.TokenType != JsonTokenType.Null)
            {
                throw ApiException.Conflict("", "pods", name, "pod is being deleted");
            }
            CopyValue(pod, ref reader, writer);
        }
        writer.WriteEndObject();
    }

    private static void WriteSpec(ReadOnlySpan<byte> pod, ref Utf8JsonReader reader, Utf8JsonWriter writer, string name, string node)
    {
        writer.WriteStartObject();
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("nodeName"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } current)
                    {
                        throw ApiException.Conflict("", "pods/binding", name, $"pod {name} is already assigned to node \"{current}\"");
                    }
                    continue;
                }
                ToValue(ref reader, writer);
                CopyValue(pod, ref reader, writer);
            }
        }
        writer.WriteString("nodeName"u8, node);
        writer.WriteEndObject();
    }

    private static void WriteStatus(ReadOnlySpan<byte> pod, ref Utf8JsonReader reader, Utf8JsonWriter writer, string now)
    {
        writer.WriteStartObject();
        var sawConditions = false;
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("conditions"u8))
                {
                    sawConditions = true;
                    reader.Read();
                    WriteConditions(pod, ref reader, writer, now);
                    continue;
                }
                ToValue(ref reader, writer);
                CopyValue(pod, ref reader, writer);
            }
        }
        if (!sawConditions)
        {
            WriteConditions(writer, now);
        }
        writer.WriteEndObject();
    }

    /// <summary>The conditions with PodScheduled True: kept when it already is, else put in the place of a False one or appended.</summary>
    private static void WriteConditions(ReadOnlySpan<byte> pod, ref Utf8JsonReader reader, Utf8JsonWriter writer, string now)
    {
        writer.WriteStartArray("conditions"u8);
        var scheduled = false;
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                using var condition = JsonDocument.ParseValue(ref reader);
                var root = condition.RootElement;
                if (!scheduled && root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type"u8, out var type) && type.ValueEquals("PodScheduled"u8))
                {
                    scheduled = true;
                    if (!(root.TryGetProperty("status"u8, out var status) && status.ValueEquals("True"u8)))
                    {
                        WriteScheduled(writer, now);
                        continue;
                    }
                }
                root.WriteTo(writer);
            }
        }
        else
        {
            reader.Skip();
        }
        if (!scheduled)
        {
            WriteScheduled(writer, now);
        }
        writer.WriteEndArray();
    }

    private static void WriteConditions(Utf8JsonWriter writer, string now)
    {
        writer.WriteStartArray("conditions"u8);
        WriteScheduled(writer, now);
        writer.WriteEndArray();
    }

    private static void WriteScheduled(Utf8JsonWriter writer, string now)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "PodScheduled"u8);
        writer.WriteString("status"u8, "True"u8);
        writer.WriteNull("lastProbeTime"u8);
        writer.WriteString("lastTransitionTime"u8, now);
        writer.WriteEndObject();
    }

    /// <summary>Writes the member name the reader is on and moves the reader to its value; returns the value's first token.</summary>
    private static JsonTokenType ToValue(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        if (reader.ValueIsEscaped)
        {
            writer.WritePropertyName(reader.GetString()!);
        }
        else
        {
            writer.WritePropertyName(reader.ValueSpan);
        }
        reader.Read();
        return reader.TokenType;
    }

    /// <summary>The value the reader is on, copied as its bytes (the stored JSON is valid; nothing to re-escape).</summary>
    private static void CopyValue(ReadOnlySpan<byte> pod, ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        writer.WriteRawValue(pod[start..(int)reader.BytesConsumed], skipInputValidation: true);
    }
}
