using System.Text.Json;
using Berth.Engine.Json;

namespace Berth.Engine.Events;

/// <summary>
/// Writes an event's line with the <see cref="Utf8JsonWriter"/> directly: byte for byte what <see cref="EventJsonContext"/>
/// writes (Podman's field names, nulls written but for the fields that leave them out), which EngineEventWriterTests pin
/// against the serializer. See <see cref="JsonBytes"/> for why.
/// </summary>
internal static class EngineEventWriter
{
    public static byte[] Serialize(EngineEvent engineEvent) => JsonBytes.Write(engineEvent, Write, indented: false);

    private static void Write(Utf8JsonWriter writer, EngineEvent engineEvent)
    {
        writer.WriteStartObject();
        writer.WriteString("ID", engineEvent.Id);
        writer.WriteString("Image", engineEvent.Image);
        writer.WriteString("Name", engineEvent.Name);
        writer.WriteString("Status", engineEvent.Status);
        writer.WriteString("Time", engineEvent.Time);
        writer.WriteString("Type", engineEvent.Type);
        writer.WriteNumberUnlessNull("ContainerExitCode", engineEvent.ContainerExitCode);
        writer.WriteStringUnlessNull("health_status", engineEvent.HealthStatus);
        writer.WriteStringUnlessNull("network", engineEvent.Network);
        writer.WriteStringUnlessNull("network_id", engineEvent.NetworkId);
        if (engineEvent.Attributes is { } attributes)
        {
            writer.WriteStrings("Attributes", attributes);
        }
        else
        {
            writer.WriteNull("Attributes");
        }
        writer.WriteEndObject();
    }
}
