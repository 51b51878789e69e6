using System.Text.Json.Nodes;
using Berth.ApiServer.Tables;

namespace Berth.ApiServer.Tests.Tables;

public class TableBuilderTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 2, 12, 0, 0, TimeSpan.Zero);
    private readonly TableBuilder _builder = new(new FixedClock(s_now));

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static string[] ColumnNames(JsonObject table) =>
        table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToArray();

    private static string[] Cells(JsonObject table, int row = 0) =>
        table["rows"]![row]!["cells"]!.AsArray().Select(c => c?.ToString() ?? "<null>").ToArray();

    [Fact]
    public void Build_RunningPod_HasKubectlColumnsAndCells()
    {
        var pod = Obj("""
            {"metadata":{"name":"web-1","namespace":"default","creationTimestamp":"2026-01-02T11:56:50Z","labels":{"app":"web"}},
             "spec":{"nodeName":"n1","containers":[{"name":"a"},{"name":"b"}]},
             "status":{"phase":"Running","podIP":"10.0.0.5","containerStatuses":[
               {"name":"a","ready":true,"restartCount":2,"state":{"running":{}},"lastState":{"terminated":{"finishedAt":"2026-01-02T11:59:00Z"}}},
               {"name":"b","ready":false,"restartCount":0,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}}
            """);
        var table = _builder.Build("", "pods", [pod], new TableOptions { ResourceVersion = "42" });

        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1", table["apiVersion"]!.GetValue<string>());
        Assert.Equal("42", table["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"], ColumnNames(table));
        Assert.Equal(["web-1", "1/2", "CrashLoopBackOff", "2 (60s ago)", "3m10s", "10.0.0.5", "n1", "<none>", "<none>"], Cells(table));
        var priorities = table["columnDefinitions"]!.AsArray().Select(c => c!["priority"]!.GetValue<int>());
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1], priorities);
        var rowObject = table["rows"]![0]!["object"]!;
        Assert.Equal("PartialObjectMetadata", rowObject["kind"]!.GetValue<string>());
        Assert.Equal("web", rowObject["metadata"]!["labels"]!["app"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"metadata":{"name":"p","deletionTimestamp":"2026-01-02T11:00:00Z"},"status":{"phase":"Running"}}""", "Terminating")]
    [InlineData("""{"metadata":{"name":"p"},"spec":{"initContainers":[{"name":"i"}],"containers":[{"name":"c"}]},"status":{"phase":"Pending","initContainerStatuses":[{"name":"i","state":{"running":{}}}]}}""", "Init:0/1")]
    [InlineData("""{"metadata":{"name":"p"},"status":{"phase":"Succeeded","containerStatuses":[{"name":"c","state":{"terminated":{"reason":"Completed","exitCode":0}}}]}}""", "Completed")]
    [InlineData("""{"metadata":{"name":"p"},"status":{"phase":"Failed","containerStatuses":[{"name":"c","state":{"terminated":{"exitCode":3}}}]}}""", "ExitCode:3")]
    [InlineData("""{"metadata":{"name":"p"}}""", "Pending")]
    public void Build_PodStates_StatusColumnAsKubectl(string json, string expected)
    {
        var table = _builder.Build("", "pods", [Obj(json)]);
        Assert.Equal(expected, Cells(table)[2]);
    }

    [Fact]
    public void Build_PodWithSidecar_CountsSidecarInReadyAndShowsRunning()
    {
        var pod = Obj("""
            {"metadata":{"name":"p"},
             "spec":{"initContainers":[{"name":"proxy","restartPolicy":"Always"},{"name":"setup"}],"containers":[{"name":"app"}]},
             "status":{"phase":"Running",
               "initContainerStatuses":[{"name":"proxy","ready":true,"started":true,"state":{"running":{}}},{"name":"setup","state":{"terminated":{"exitCode":0,"reason":"Completed"}}}],
               "containerStatuses":[{"name":"app","ready":true,"state":{"running":{}}}]}}
            """);
        var cells = Cells(_builder.Build("", "pods", [pod]));
        Assert.Equal(["p", "2/2", "Running"], cells[..3]);
    }

    [Fact]
    public void Build_Deployment_ReadyUpToDateAvailableAndWideColumns()
    {
        var deployment = Obj("""
            {"metadata":{"name":"web","creationTimestamp":"2025-12-31T09:00:00Z"},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"},{"name":"log","image":"busybox"}]}}},
             "status":{"readyReplicas":2,"updatedReplicas":3,"availableReplicas":2}}
            """);
        var table = _builder.Build("apps", "deployments", [deployment]);
        Assert.Equal(["Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"], ColumnNames(table));
        Assert.Equal(["web", "2/3", "3", "2", "2d3h", "nginx,log", "nginx:1.27,busybox", "app=web"], Cells(table));
    }

    [Fact]
    public void Build_Service_PortsExternalIpAndSelector()
    {
        var svc = Obj("""
            {"metadata":{"name":"web","creationTimestamp":"2026-01-02T11:59:55Z"},
             "spec":{"type":"NodePort","clusterIP":"10.43.0.10","selector":{"tier":"front","app":"web"},"ports":[{"port":80,"nodePort":30080,"protocol":"TCP"},{"port":53,"protocol":"UDP"}]}}
            """);
        var table = _builder.Build("", "services", [svc]);
        Assert.Equal(["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector"], ColumnNames(table));
        Assert.Equal(["web", "NodePort", "10.43.0.10", "<none>", "80:30080/TCP,53/UDP", "5s", "app=web,tier=front"], Cells(table));
    }

    [Fact]
    public void Build_Node_StatusRolesVersion()
    {
        var node = Obj("""
            {"metadata":{"name":"n1","creationTimestamp":"2026-01-02T11:00:00Z","labels":{"node-role.kubernetes.io/control-plane":""}},
             "spec":{"unschedulable":true},
             "status":{"conditions":[{"type":"Ready","status":"True"}],"nodeInfo":{"kubeletVersion":"v1.32.0"},"addresses":[{"type":"InternalIP","address":"192.168.1.2"}]}}
            """);
        var cells = Cells(_builder.Build("", "nodes", [node]));
        Assert.Equal(["n1", "Ready,SchedulingDisabled", "control-plane", "60m", "v1.32.0", "192.168.1.2", "<none>"], cells[..7]);
    }

    [Fact]
    public void Build_ConfigMapAndSecret_CountData()
    {
        var cm = Obj("""{"metadata":{"name":"c"},"data":{"a":"1","b":"2"},"binaryData":{"c":"AA=="}}""");
        var secret = Obj("""{"metadata":{"name":"s"},"type":"kubernetes.io/tls","data":{"tls.crt":"","tls.key":""}}""");
        Assert.Equal(["c", "3", "<unknown>"], Cells(_builder.Build("", "configmaps", [cm])));
        Assert.Equal(["s", "kubernetes.io/tls", "2", "<unknown>"], Cells(_builder.Build("", "secrets", [secret])));
    }

    [Fact]
    public void Build_UnknownResource_NameAndAge()
    {
        var table = _builder.Build("example.com", "widgets", [Obj("""{"metadata":{"name":"w","creationTimestamp":"2026-01-02T11:59:00Z"}}""")]);
        Assert.Equal(["Name", "Age"], ColumnNames(table));
        Assert.Equal(["w", "60s"], Cells(table));
    }

    [Fact]
    public void Build_IncludeObjectAndOmitColumns_ShapesRows()
    {
        var obj = Obj("""{"metadata":{"name":"x"},"data":{"k":"v"}}""");
        var full = _builder.Build("", "configmaps", [obj], new TableOptions { IncludeObject = IncludeObjectPolicy.Object, OmitColumnDefinitions = true });
        Assert.Null(full["columnDefinitions"]);
        Assert.Equal("v", full["rows"]![0]!["object"]!["data"]!["k"]!.GetValue<string>());

        var none = _builder.Build("", "configmaps", [obj], new TableOptions { IncludeObject = IncludeObjectPolicy.None });
        Assert.False(none["rows"]![0]!.AsObject().ContainsKey("object"));
    }

    [Theory]
    [InlineData(null, IncludeObjectPolicy.Metadata)]
    [InlineData("Object", IncludeObjectPolicy.Object)]
    [InlineData("None", IncludeObjectPolicy.None)]
    [InlineData("bogus", null)]
    public void ParseIncludeObject_QueryValue_MapsToPolicy(string? value, IncludeObjectPolicy? expected)
    {
        Assert.Equal(expected, TableOptions.ParseIncludeObject(value));
    }

    [Fact]
    public void Build_EveryKnownResourceOnEmptyObject_DoesNotThrowAndFillsEachColumn()
    {
        var resources = new[]
        {
            ("", "pods"), ("", "services"), ("", "endpoints"), ("", "nodes"), ("", "namespaces"), ("", "configmaps"), ("", "secrets"),
            ("", "serviceaccounts"), ("", "events"), ("events.k8s.io", "events"), ("", "persistentvolumes"), ("", "persistentvolumeclaims"),
            ("", "limitranges"), ("", "resourcequotas"), ("apps", "deployments"), ("apps", "replicasets"), ("apps", "daemonsets"),
            ("apps", "statefulsets"), ("apps", "controllerrevisions"), ("batch", "jobs"), ("batch", "cronjobs"),
            ("autoscaling", "horizontalpodautoscalers"), ("coordination.k8s.io", "leases"), ("discovery.k8s.io", "endpointslices"),
            ("networking.k8s.io", "ingresses"), ("networking.k8s.io", "networkpolicies"), ("rbac.authorization.k8s.io", "roles"),
            ("rbac.authorization.k8s.io", "rolebindings"),
        };
        foreach (var (group, resource) in resources)
        {
            var table = _builder.Build(group, resource, [Obj("{}")]);
            Assert.Equal(table["columnDefinitions"]!.AsArray().Count, table["rows"]![0]!["cells"]!.AsArray().Count);
            Assert.True(TableBuilder.ColumnsFor(group, resource).Count > 2 || resource is "namespaces" or "leases" or "limitranges" or "roles" or "statefulsets", resource);
        }
    }
}
