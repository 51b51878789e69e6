using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Berth.Client.Serialization;

/// <summary>
/// metav1.Time and metav1.MicroTime as RFC 3339 in UTC: whole seconds print without a fraction (as
/// metav1.Time does), anything finer with six digits (as MicroTime does, e.g. a Lease's renewTime).
/// </summary>
public sealed class KubernetesTimeConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        // Kubernetes writes UTC ("…Z"), which the reader parses from the bytes; other forms take the general parser.
        reader.TryGetDateTime(out var time) && time.Kind == DateTimeKind.Utc ? time
            : DateTime.Parse(reader.GetString() ?? throw new JsonException("a time must be a string"), CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        var format = utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";
        Span<char> text = stackalloc char[32];
        utc.TryFormat(text, out var length, format, CultureInfo.InvariantCulture);
        writer.WriteStringValue(text[..length]);
    }
}
