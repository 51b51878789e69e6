using System.Text.Json.Nodes;
using Berth.ApiServer.Conversion;

namespace Berth.ApiServer.Tests.Conversion;

public class EventsV1ConversionTests
{
    private static readonly EventsV1Conversion Conversion = new();

    [Fact]
    public void ToStorage_EventsV1_BecomesCoreV1AndBack()
    {
        var event1 = JsonNode.Parse("""
            {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e","namespace":"default"},
             "eventTime":"2026-01-01T00:00:00.000000Z","regarding":{"kind":"Pod","name":"p"},"note":"hi","reason":"R","type":"Warning",
             "action":"A","reportingController":"c","reportingInstance":"i","deprecatedCount":3,"deprecatedSource":{"component":"k"},
             "series":{"count":2,"lastObservedTime":"2026-01-01T00:00:01.000000Z"}}
            """)!.AsObject();

        var stored = Conversion.ToStorage(event1);
        var back = Conversion.FromStorage(stored);

        Assert.Equal("v1", stored["apiVersion"]!.GetValue<string>());
        Assert.Equal("hi", stored["message"]!.GetValue<string>());
        Assert.Equal("p", stored["involvedObject"]!["name"]!.GetValue<string>());
        Assert.Equal("c", stored["reportingComponent"]!.GetValue<string>());
        Assert.Equal(3, stored["count"]!.GetValue<int>());
        Assert.Null(stored["note"]);
        Assert.True(JsonNode.DeepEquals(event1, back), back.ToJsonString());
    }
}
