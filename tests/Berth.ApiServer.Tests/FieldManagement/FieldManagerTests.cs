using System.Text.Json.Nodes;
using Berth.ApiServer.FieldManagement;
using Berth.ApiServer.Http;
using Berth.ApiServer.Tests.Strategies;
using Berth.ApiServer.Tests.Tables;
using Berth.ApiServer.Validation;
using k8s.Models;

namespace Berth.ApiServer.Tests.FieldManagement;

public class FieldManagerTests
{
    private static readonly GroupVersionKind s_deployment = new("apps", "v1", "Deployment");

    private static readonly FieldManager Manager = new(new FixedClock(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));

    private static ManagedWrite Write(string manager) => new(manager, "apps/v1", "", FieldScope.Main, ModelSchema.For(typeof(V1Deployment)), KindStrategies.For(s_deployment));

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Deployment(string image, int replicas, bool sidecar = true)
    {
        var deployment = Obj("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},
             "spec":{"template":{"spec":{"containers":[{"name":"web","ports":[{"containerPort":80}]}]}}}}
            """);
        deployment["spec"]!["replicas"] = replicas;
        var containers = deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        containers[0]!["image"] = image;
        if (sidecar)
        {
            containers.Add(Obj("""{"name":"sidecar","image":"busybox","command":["sleep","1"]}"""));
        }

        return deployment;
    }

    /// <summary>An apply as the server stores it: defaulted after the merge, as admission does.</summary>
    private static JsonObject Applied(JsonObject? current, JsonObject applied, string manager)
    {
        var result = Manager.Apply(current, applied, Write(manager), force: false);
        KindStrategies.For(s_deployment).Default(result);
        return result;
    }

    private static JsonArray ManagedFields(JsonObject obj) => obj["metadata"]!["managedFields"]!.AsArray();

    [Fact]
    public void Apply_Absent_RecordsTheAppliedFieldsInFieldsV1()
    {
        var created = Manager.Apply(null, Deployment("nginx:1", 2), Write("kubectl"), force: false);

        var entry = Assert.Single(ManagedFields(created))!;
        Assert.Equal("kubectl", entry["manager"]!.GetValue<string>());
        Assert.Equal("Apply", entry["operation"]!.GetValue<string>());
        Assert.Equal("FieldsV1", entry["fieldsType"]!.GetValue<string>());
        Assert.Equal("2026-01-02T03:04:05Z", entry["time"]!.GetValue<string>());
        // structured-merge-diff's ToFieldSet: items and map keys are members, the structs, maps and lists holding them are not.
        var expected = Obj("""
            {"f:metadata":{"f:labels":{"f:app":{}}},
             "f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{
               "k:{\"name\":\"sidecar\"}":{".":{},"f:command":{},"f:image":{},"f:name":{}},
               "k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{},"f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, entry["fieldsV1"]), entry["fieldsV1"]!.ToJsonString());
    }

    [Fact]
    public void Apply_FieldChangedByAnUpdater_IsConflictNamingManagerAndPath()
    {
        var applied = Applied(null, Deployment("nginx:1", 2), "kubectl");
        var scaled = (JsonObject)applied.DeepClone();
        scaled["spec"]!["replicas"] = 5;
        Manager.RecordUpdate(applied, scaled, Write("kubectl-scale"));

        var error = Assert.Throws<ApiException>(() => Manager.Apply(scaled, Deployment("nginx:2", 2), Write("kubectl"), force: false));

        Assert.Equal(409, error.Code);
        Assert.Equal("Conflict", error.Reason);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-scale\" using apps/v1: .spec.replicas", error.Message);
        var cause = error.Details!["causes"]![0]!;
        Assert.Equal("FieldManagerConflict", cause["reason"]!.GetValue<string>());
        Assert.Equal(".spec.replicas", cause["field"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_Forced_TakesTheFieldOver()
    {
        var applied = Applied(null, Deployment("nginx:1", 2), "kubectl");
        var scaled = (JsonObject)applied.DeepClone();
        scaled["spec"]!["replicas"] = 5;
        Manager.RecordUpdate(applied, scaled, Write("kubectl-scale"));

        var forced = Manager.Apply(scaled, Deployment("nginx:1", 2), Write("kubectl"), force: true);

        Assert.Equal(2, forced["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(["kubectl"], ManagedFields(forced).Select(e => e!["manager"]!.GetValue<string>()));
    }

    [Fact]
    public void Apply_SameValueAsAnotherManager_SharesItWithoutConflict()
    {
        var applied = Manager.Apply(null, Deployment("nginx:1", 2), Write("kubectl"), force: false);

        var other = Manager.Apply(applied, Obj("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":2}}"""), Write("ci"), force: false);

        Assert.Equal(2, ManagedFields(other).Count);
        Assert.Throws<ApiException>(() => Manager.Apply(other, Deployment("nginx:1", 3), Write("kubectl"), force: false));
    }

    [Fact]
    public void Apply_FieldNoLongerApplied_IsRemovedUnlessAnotherManagerOwnsIt()
    {
        var applied = Applied(null, Deployment("nginx:1", 2), "kubectl");
        var labeled = (JsonObject)applied.DeepClone();
        labeled["metadata"]!["labels"]!["tier"] = "web";
        Manager.RecordUpdate(applied, labeled, Write("kubectl-label"));
        var withoutLabels = Deployment("nginx:1", 2, sidecar: false);
        withoutLabels["metadata"]!.AsObject().Remove("labels");

        var result = Manager.Apply(labeled, withoutLabels, Write("kubectl"), force: false);

        Assert.Equal(["web"], result["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("""{"tier":"web"}""", result["metadata"]!["labels"]!.ToJsonString());
    }

    [Fact]
    public void RecordUpdate_ChangedField_MovesOwnershipToTheUpdater()
    {
        var created = Deployment("nginx:1", 2);
        Manager.RecordUpdate(null, created, Write("kubectl-create"));
        var edited = (JsonObject)created.DeepClone();
        edited["spec"]!["replicas"] = 4;

        Manager.RecordUpdate(created, edited, Write("kubectl-edit"));

        var entries = ManagedFields(edited);
        Assert.Equal(["kubectl-create", "kubectl-edit"], entries.Select(e => e!["manager"]!.GetValue<string>()));
        Assert.Null(entries[0]!["fieldsV1"]!["f:spec"]!["f:replicas"]);
        Assert.Equal("""{"f:spec":{"f:replicas":{}}}""", entries[1]!["fieldsV1"]!.ToJsonString());
    }

    [Fact]
    public void RecordUpdate_Create_OwnsTheDefaultsItBrings()
    {
        var created = Deployment("nginx:1", 2);

        Manager.RecordUpdate(null, created, Write("kubectl-create"));

        var fields = ManagedFields(created)[0]!["fieldsV1"]!;
        Assert.Equal(600, created["spec"]!["progressDeadlineSeconds"]!.GetValue<int>());
        Assert.NotNull(fields["f:spec"]!["f:progressDeadlineSeconds"]);
        Assert.NotNull(fields["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"web\"}"]!["f:imagePullPolicy"]);
    }

    [Fact]
    public void RecordUpdate_AfterAnApply_OwnsOnlyWhatItChanged()
    {
        var applied = Applied(null, Deployment("nginx:1", 2), "kubectl");
        var labeled = (JsonObject)applied.DeepClone();
        labeled["metadata"]!["labels"]!["tier"] = "web";

        Manager.RecordUpdate(applied, labeled, Write("kubectl-label"));

        var label = ManagedFields(labeled).Single(e => e!["manager"]!.GetValue<string>() == "kubectl-label")!;
        Assert.Equal("""{"f:metadata":{"f:labels":{"f:tier":{}}}}""", label["fieldsV1"]!.ToJsonString());
        Assert.Null(ManagedFields(labeled)[0]!["fieldsV1"]!["f:spec"]!["f:progressDeadlineSeconds"]);
    }

    [Fact]
    public void RecordUpdate_ClientSendsOtherManagedFields_TheyReplaceTheStoredOnes()
    {
        var created = Deployment("nginx:1", 2);
        Manager.RecordUpdate(null, created, Write("kubectl-create"));
        var reset = (JsonObject)created.DeepClone();
        reset["metadata"]!["managedFields"] = new JsonArray();

        Manager.RecordUpdate(created, reset, Write("kubectl-edit"));

        Assert.Null(reset["metadata"]!["managedFields"]);
    }

    [Fact]
    public void FieldSet_FieldsV1_RoundTrips()
    {
        var fields = Obj("""{"f:data":{".":{},"f:a":{}},"f:metadata":{"f:finalizers":{".":{},"v:\"x\"":{}}}}""");

        var set = FieldSet.FromFieldsV1(fields)!;

        Assert.Equal(4, set.Paths.Count);
        Assert.True(JsonNode.DeepEquals(fields, set.ToFieldsV1()));
        Assert.Null(FieldSet.FromFieldsV1(Obj("""{"x:bad":{}}""")));
    }
}
