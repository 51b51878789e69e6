using System.Text.Json.Nodes;
using Berth.ApiServer.FieldManagement;
using Berth.ApiServer.Http;
using Berth.ApiServer.Tests.Patching;
using Berth.ApiServer.Tests.Strategies;
using Berth.ApiServer.Tests.Tables;
using Berth.ApiServer.Validation;
using k8s.Models;

namespace Berth.ApiServer.Tests.FieldManagement;

/// <summary>Server-side apply against the structured-merge-diff semantics kube-apiserver 1.32 follows: list keys, pruning, ownership.</summary>
public class ServerSideApplyTests
{
    private static readonly FieldManager Manager = new(new FixedClock(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));

    private static ManagedWrite PodWrite(string manager) => new(manager, "v1", "", FieldScope.Main, ModelSchema.For(typeof(V1Pod)), KindStrategies.For(new GroupVersionKind("", "v1", "Pod")));

    private static ManagedWrite ServiceWrite(string manager) => new(manager, "v1", "", FieldScope.Main, ModelSchema.For(typeof(V1Service)), KindStrategies.For(new GroupVersionKind("", "v1", "Service")));

    private static ManagedWrite DeploymentWrite(string manager) => new(manager, "apps/v1", "", FieldScope.Main, ModelSchema.For(typeof(V1Deployment)), KindStrategies.For(new GroupVersionKind("apps", "v1", "Deployment")));

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Pod(string containerFields) =>
        Obj("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"web","image":"nginx" """ + containerFields + "}]}}");

    private static JsonNode? Container(JsonObject pod) => pod["spec"]!["containers"]![0];

    private static JsonObject FieldsOf(JsonObject obj, string manager) =>
        ManagedFieldsOf(obj).Single(e => e!["manager"]!.GetValue<string>() == manager)!["fieldsV1"]!.AsObject();

    private static JsonArray ManagedFieldsOf(JsonObject obj) => obj["metadata"]!["managedFields"]!.AsArray();

    [Fact]
    public void Apply_PortsSameNumberTcpAndUdp_KeepsBothKeyedByPortAndProtocol()
    {
        var pod = Manager.Apply(null, Pod(""","ports":[{"containerPort":53},{"containerPort":53,"protocol":"UDP"}]"""), PodWrite("a"), force: false);

        Assert.Equal(2, Container(pod)!["ports"]!.AsArray().Count);
        var ports = FieldsOf(pod, "a")["f:spec"]!["f:containers"]!["k:{\"name\":\"web\"}"]!["f:ports"]!.AsObject();
        JsonAssert.Equal("""
            {"k:{\"containerPort\":53,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}},
             "k:{\"containerPort\":53,\"protocol\":\"UDP\"}":{".":{},"f:containerPort":{},"f:protocol":{}}}
            """, ports);
    }

    [Fact]
    public void Apply_UdpPortDropped_RemovesOnlyTheUdpPort()
    {
        var both = Manager.Apply(null, Pod(""","ports":[{"containerPort":53},{"containerPort":53,"protocol":"UDP"}]"""), PodWrite("a"), force: false);
        Container(both)!["ports"]![0]!["protocol"] = "TCP"; // the server's defaulting

        var tcp = Manager.Apply(both, Pod(""","ports":[{"containerPort":53}]"""), PodWrite("a"), force: false);

        JsonAssert.Equal("""[{"containerPort":53,"protocol":"TCP"}]""", Container(tcp)!["ports"]);
    }

    [Fact]
    public void Apply_LastPortDropped_RemovesThePortsList()
    {
        var pod = Manager.Apply(null, Pod(""","ports":[{"containerPort":80}]"""), PodWrite("a"), force: false);

        var without = Manager.Apply(pod, Pod(""), PodWrite("a"), force: false);

        Assert.False(Container(without)!.AsObject().ContainsKey("ports"));
    }

    [Fact]
    public void Apply_ServicePortsSameNumber_KeyedByPortAndProtocol()
    {
        var service = Obj("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"dns"},
             "spec":{"ports":[{"name":"dns","port":53},{"name":"dns-udp","port":53,"protocol":"UDP"}]}}
            """);

        var applied = Manager.Apply(null, service, ServiceWrite("a"), force: false);

        var ports = FieldsOf(applied, "a")["f:spec"]!["f:ports"]!.AsObject();
        Assert.Equal(["k:{\"port\":53,\"protocol\":\"TCP\"}", "k:{\"port\":53,\"protocol\":\"UDP\"}"], ports.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Apply_PortsRepeatAKey_IsBadRequestNamingTheList()
    {
        var error = Assert.Throws<ApiException>(() => Manager.Apply(null, Pod(""","ports":[{"containerPort":80},{"containerPort":80,"protocol":"TCP"}]"""), PodWrite("a"), force: false));

        Assert.Equal(400, error.Code);
        Assert.Contains(".spec.containers[name=\"web\"].ports: duplicate entries for key [containerPort=80,protocol=\"TCP\"]", error.Message);
    }

    [Fact]
    public void Apply_ItemWithoutItsKey_IsBadRequest()
    {
        var error = Assert.Throws<ApiException>(() => Manager.Apply(null, Pod(""","env":[{"value":"x"}]"""), PodWrite("a"), force: false));

        Assert.Equal(400, error.Code);
        Assert.Contains("omits key field \"name\"", error.Message);
    }

    [Fact]
    public void Apply_EnvAndVolumeMounts_MergeByNameAndMountPathWithAnotherManagersItems()
    {
        var pod = Manager.Apply(null, Pod(""","env":[{"name":"A","value":"1"}],"volumeMounts":[{"name":"v","mountPath":"/a"}]"""), PodWrite("a"), force: false);

        var both = Manager.Apply(pod, Pod(""","env":[{"name":"B","value":"2"}],"volumeMounts":[{"name":"v","mountPath":"/b"}]"""), PodWrite("b"), force: false);

        Assert.Equal(["A", "B"], Container(both)!["env"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()));
        Assert.Equal(["/a", "/b"], Container(both)!["volumeMounts"]!.AsArray().Select(e => e!["mountPath"]!.GetValue<string>()));
    }

    [Fact]
    public void Apply_Tolerations_AreAtomicSoADifferentListConflicts()
    {
        var pod = Pod("");
        pod["spec"]!["tolerations"] = JsonNode.Parse("""[{"key":"a","operator":"Exists"}]""");
        var applied = Manager.Apply(null, pod, PodWrite("a"), force: false);
        var other = Pod("");
        other["spec"]!["tolerations"] = JsonNode.Parse("""[{"key":"b","operator":"Exists"}]""");

        var error = Assert.Throws<ApiException>(() => Manager.Apply(applied, other, PodWrite("b"), force: false));

        Assert.Equal(409, error.Code);
        Assert.Contains(".spec.tolerations", error.Message);
        JsonAssert.Equal("{}", FieldsOf(applied, "a")["f:spec"]!["f:tolerations"]);
    }

    [Fact]
    public void Apply_LabelsNoLongerApplied_LeaveNoEmptyMap()
    {
        var labeled = Obj("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"app":"web"},"annotations":{"a":"1"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}""");
        var pod = Manager.Apply(null, labeled, PodWrite("a"), force: false);

        var result = Manager.Apply(pod, Pod(""), PodWrite("a"), force: false);

        Assert.Equal("""{"name":"p","managedFields":""" + result["metadata"]!["managedFields"]!.ToJsonString() + "}", result["metadata"]!.ToJsonString());
    }

    [Fact]
    public void Apply_DroppedStructOwnedByNobodyElse_GoesWithItsParent()
    {
        var pod = Manager.Apply(null, Pod(""","securityContext":{"runAsUser":1000}"""), PodWrite("a"), force: false);

        var result = Manager.Apply(pod, Pod(""), PodWrite("a"), force: false);

        Assert.False(Container(result)!.AsObject().ContainsKey("securityContext"));
    }

    [Fact]
    public void Apply_TwoManagersShareLabels_DroppingOnesKeepsTheOthers()
    {
        static JsonObject Labeled(string labels) => Obj("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","labels":{""" + labels + "}}}");
        var first = Manager.Apply(null, Labeled("\"a\":\"1\""), DeploymentWrite("one"), force: false);
        var second = Manager.Apply(first, Labeled("\"b\":\"2\""), DeploymentWrite("two"), force: false);

        var result = Manager.Apply(second, Obj("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"}}"""), DeploymentWrite("one"), force: false);

        JsonAssert.Equal("""{"b":"2"}""", result["metadata"]!["labels"]);
        Assert.Equal(["two"], ManagedFieldsOf(result).Select(e => e!["manager"]!.GetValue<string>()));
    }

    [Fact]
    public void Apply_FieldTheServerDefaulted_IsNotOwnedAndStaysOnReapply()
    {
        var pod = Manager.Apply(null, Pod(""), PodWrite("a"), force: false);
        Container(pod)!["imagePullPolicy"] = "Always"; // the server's defaulting, after the apply
        pod["spec"]!["restartPolicy"] = "Always";

        var again = Manager.Apply(pod, Pod(""), PodWrite("a"), force: false);

        Assert.Null(FieldsOf(again, "a")["f:spec"]!["f:restartPolicy"]);
        Assert.Equal("Always", Container(again)!["imagePullPolicy"]!.GetValue<string>());
        Assert.Equal("Always", again["spec"]!["restartPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_FieldAnUpdaterOwns_StaysWhenTheApplierDropsIt()
    {
        var pod = Manager.Apply(null, Pod(""","env":[{"name":"A","value":"1"}]"""), PodWrite("a"), force: false);
        var edited = (JsonObject)pod.DeepClone();
        Container(edited)!["env"]![0]!["value"] = "2";
        Manager.RecordUpdate(pod, edited, PodWrite("kubectl-edit"));

        var result = Manager.Apply(edited, Pod(""), PodWrite("a"), force: false);

        JsonAssert.Equal("""[{"name":"A","value":"2"}]""", Container(result)!["env"]);
    }

    [Fact]
    public void Apply_Time_MovesOnlyWhenTheApplyChangesTheObject()
    {
        var later = new FieldManager(new FixedClock(new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero)));
        var pod = Manager.Apply(null, Pod(""","workingDir":"/a" """), PodWrite("a"), force: false);

        var same = later.Apply(pod, Pod(""","workingDir":"/a" """), PodWrite("a"), force: false);
        var changed = later.Apply(pod, Pod(""","workingDir":"/b" """), PodWrite("a"), force: false);

        Assert.Equal("2026-01-02T03:04:05Z", ManagedFieldsOf(same)[0]!["time"]!.GetValue<string>());
        Assert.Equal("2026-01-03T00:00:00Z", ManagedFieldsOf(changed)[0]!["time"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_ServiceSelector_IsAnAtomicMapReplacedAndOwnedWhole()
    {
        static JsonObject Selecting(string selector) =>
            Obj("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},"spec":{"selector":""" + selector + ""","ports":[{"port":80}]}}""");
        var service = Manager.Apply(null, Selecting("""{"app":"a","tier":"web"}"""), ServiceWrite("a"), force: false);

        var replaced = Manager.Apply(service, Selecting("""{"app":"b"}"""), ServiceWrite("a"), force: false);
        var error = Assert.Throws<ApiException>(() => Manager.Apply(replaced, Selecting("""{"app":"c"}"""), ServiceWrite("b"), force: false));

        JsonAssert.Equal("{}", FieldsOf(service, "a")["f:spec"]!["f:selector"]);
        JsonAssert.Equal("""{"app":"b"}""", replaced["spec"]!["selector"]);
        Assert.Contains("conflict with \"a\": .spec.selector", error.Message);
    }

    [Fact]
    public void Apply_VolumesAndImagePullSecrets_KeyedByNameWithPullSecretsAtomicReferences()
    {
        var pod = Pod(""","volumeMounts":[{"name":"data","mountPath":"/data"}]""");
        pod["spec"]!["volumes"] = JsonNode.Parse("""[{"name":"data","emptyDir":{"medium":"Memory"}}]""");
        pod["spec"]!["imagePullSecrets"] = JsonNode.Parse("""[{"name":"registry"}]""");

        var applied = Manager.Apply(null, pod, PodWrite("a"), force: false);

        var spec = FieldsOf(applied, "a")["f:spec"]!;
        JsonAssert.Equal("""{"k:{\"name\":\"data\"}":{".":{},"f:emptyDir":{"f:medium":{}},"f:name":{}}}""", spec["f:volumes"]);
        JsonAssert.Equal("""{"k:{\"name\":\"registry\"}":{}}""", spec["f:imagePullSecrets"]);
        JsonAssert.Equal("""{"k:{\"mountPath\":\"/data\"}":{".":{},"f:mountPath":{},"f:name":{}}}""", spec["f:containers"]!["k:{\"name\":\"web\"}"]!["f:volumeMounts"]);
    }

    [Fact]
    public void Apply_OtherManagersPortName_ConflictNamesTheItemByBothKeys()
    {
        var pod = Manager.Apply(null, Pod(""","ports":[{"containerPort":53,"protocol":"UDP","name":"dns"}]"""), PodWrite("a"), force: false);

        var error = Assert.Throws<ApiException>(() => Manager.Apply(pod, Pod(""","ports":[{"containerPort":53,"protocol":"UDP","name":"other"}]"""), PodWrite("b"), force: false));

        Assert.Equal("Apply failed with 1 conflict: conflict with \"a\": .spec.containers[name=\"web\"].ports[containerPort=53,protocol=\"UDP\"].name", error.Message);
    }
}
