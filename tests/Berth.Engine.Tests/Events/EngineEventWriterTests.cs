using System.Text;
using System.Text.Json;
using Berth.Engine.Events;

namespace Berth.Engine.Tests.Events;

/// <summary>The hand-written events.log line against the serializer it stands in for.</summary>
public sealed class EngineEventWriterTests
{
    public static TheoryData<EngineEvent> Events => new()
    {
        new EngineEvent { Status = "pull", Time = DateTimeOffset.UnixEpoch, Type = "image" },
        new EngineEvent
        {
            Id = new string('a', 64), Image = "localhost/web:1", Name = "web <\"1\">", Status = "died",
            Time = new DateTimeOffset(2026, 12, 7, 6, 30, 1, 999, TimeSpan.FromHours(-5)), Type = "container", ContainerExitCode = 137,
            HealthStatus = "healthy", Network = "front", NetworkId = new string('b', 64),
            Attributes = new Dictionary<string, string> { ["app"] = "web", ["note"] = "é+" },
        },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Serialize_WritesWhatTheSerializerWrites(EngineEvent engineEvent)
    {
        Assert.Equal(
            JsonSerializer.Serialize(engineEvent, EventJsonContext.Default.EngineEvent),
            Encoding.UTF8.GetString(EngineEventWriter.Serialize(engineEvent)));
    }
}
