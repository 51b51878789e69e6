using System.Text.Json.Nodes;
using Berth.ApiServer.Conversion;
using Berth.ApiServer.FieldManagement;
using Berth.ApiServer.Http;
using Berth.ApiServer.Tests.Strategies;
using Berth.ApiServer.Tests.Tables;
using Berth.ApiServer.Validation;
using k8s.Models;

namespace Berth.ApiServer.Tests.FieldManagement;

/// <summary>Events written through core/v1 and events.k8s.io/v1: each manager's fields are compared in its own version.</summary>
public class VersionViewsTests
{
    private static readonly FieldManager Manager = new(new FixedClock(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));
    private static readonly EventsV1Conversion Events = new();

    private static ManagedWrite Core(string manager) => new(manager, "v1", "", FieldScope.All, ModelSchema.For(typeof(Corev1Event)), KindStrategies.For(new GroupVersionKind("", "v1", "Event")));

    private static ManagedWrite EventsV1(string manager) => new(manager, "events.k8s.io/v1", "", FieldScope.All, ModelSchema.For(typeof(Eventsv1Event)), KindStrategies.For(new GroupVersionKind("events.k8s.io", "v1", "Event")));

    private static JsonObject CoreEvent(string message)
    {
        var created = JsonNode.Parse($$"""
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"e"},"involvedObject":{"kind":"Pod","name":"p"},"reason":"Started","message":"{{message}}","type":"Normal"}
            """)!.AsObject();
        Manager.RecordUpdate(null, created, Core("kubectl-create"));
        return created;
    }

    private static JsonObject Note(string note) => JsonNode.Parse($$"""
        {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e"},"note":"{{note}}"}
        """)!.AsObject();

    private static JsonNode Entry(JsonObject obj, string manager) =>
        obj["metadata"]!["managedFields"]!.AsArray().Single(e => e!["manager"]!.GetValue<string>() == manager)!;

    [Fact]
    public void Apply_ThroughEventsV1ChangingWhatACoreWriterOwns_ConflictsNamingTheCorePath()
    {
        var stored = Events.FromStorage(CoreEvent("started"));

        var error = Assert.Throws<ApiException>(() => Manager.Apply(stored, Note("restarted"), EventsV1("agent"), force: false));

        Assert.Equal(409, error.Code);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-create\" using v1: .message", error.Message);
    }

    [Fact]
    public void Apply_ForcedThroughEventsV1_TakesTheFieldFromTheCoreWriterEachEntryInItsVersion()
    {
        var stored = Events.FromStorage(CoreEvent("started"));

        var applied = Manager.Apply(stored, Note("restarted"), EventsV1("agent"), force: true);

        var creator = Entry(applied, "kubectl-create");
        var agent = Entry(applied, "agent");
        Assert.Equal("v1", creator["apiVersion"]!.GetValue<string>());
        Assert.Null(creator["fieldsV1"]!["f:message"]);
        Assert.NotNull(creator["fieldsV1"]!["f:reason"]);
        Assert.Equal("events.k8s.io/v1", agent["apiVersion"]!.GetValue<string>());
        Assert.Equal("""{"f:note":{}}""", agent["fieldsV1"]!.ToJsonString());
    }

    [Fact]
    public void RecordUpdate_ThroughCoreChangingAnEventsV1ApplierField_TakesItInTheAppliersVersion()
    {
        var applied = Manager.Apply(Events.FromStorage(CoreEvent("started")), Note("restarted"), EventsV1("agent"), force: true);
        var core = Events.ToStorage(applied);
        var edited = (JsonObject)core.DeepClone();
        edited["message"] = "edited";

        Manager.RecordUpdate(core, edited, Core("kubectl-edit"));

        Assert.DoesNotContain(edited["metadata"]!["managedFields"]!.AsArray(), e => e!["manager"]!.GetValue<string>() == "agent");
        Assert.Equal("""{"f:message":{}}""", Entry(edited, "kubectl-edit")["fieldsV1"]!.ToJsonString());
    }
}
