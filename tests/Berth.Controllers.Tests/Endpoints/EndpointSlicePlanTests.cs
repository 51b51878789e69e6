using Berth.Controllers.Endpoints;
using k8s.Models;

namespace Berth.Controllers.Tests.Endpoints;

public sealed class EndpointSlicePlanTests
{
    private static readonly V1Service Service = new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "ns", Uid = "svc-uid" },
        Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "web" }, Ports = [new V1ServicePort { Name = "http", Port = 80, TargetPort = "web" }] },
    };

    private static V1Pod Pod(int i, bool ready = true, bool namedPort = true) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"p{i:D3}", NamespaceProperty = "ns", Uid = $"u{i}" },
        Spec = new V1PodSpec
        {
            NodeName = "n1",
            Containers = [new V1Container { Name = "c", Ports = namedPort ? [new V1ContainerPort { Name = "web", ContainerPort = 8080 }] : null }],
        },
        Status = new V1PodStatus
        {
            Phase = "Running",
            PodIP = $"10.0.{i / 250}.{i % 250 + 1}",
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }],
        },
    };

    /// <summary>What the API would store for a planned slice: a name and a uid.</summary>
    private static List<V1EndpointSlice> Stored(IEnumerable<V1EndpointSlice> planned) => planned.Select((s, i) =>
    {
        s.Metadata.Name = $"web-{i}";
        s.Metadata.Uid = $"slice-{i}";
        return s;
    }).ToList();

    [Fact]
    public void Plan_NoPods_OneEmptyPlaceholder()
    {
        var changes = EndpointSlicePlan.Plan(Service, [], _ => null, []);

        var placeholder = Assert.Single(changes.Create);
        Assert.Empty(placeholder.Endpoints);
        Assert.Equal("web", placeholder.Metadata.Labels[EndpointSlicePlan.ServiceNameLabel]);
    }

    [Fact]
    public void Plan_150Pods_TwoSlicesOf100And50()
    {
        var changes = EndpointSlicePlan.Plan(Service, Enumerable.Range(0, 150).Select(i => Pod(i)), _ => "zone-a", []);

        Assert.Equal([100, 50], changes.Create.Select(s => s.Endpoints.Count));
        Assert.All(changes.Create.SelectMany(s => s.Endpoints), e => Assert.Equal("zone-a", e.Zone));
    }

    [Fact]
    public void Plan_NothingChanged_WritesNothing()
    {
        var pods = Enumerable.Range(0, 3).Select(i => Pod(i)).ToList();
        var existing = Stored(EndpointSlicePlan.Plan(Service, pods, _ => null, []).Create);

        var changes = EndpointSlicePlan.Plan(Service, pods, _ => null, existing);

        Assert.Equal((0, 0, 0), (changes.Create.Count, changes.Update.Count, changes.Delete.Count));
    }

    [Fact]
    public void Plan_APodGoneAndOneNotReady_UpdatesTheSliceInPlace()
    {
        var pods = Enumerable.Range(0, 3).Select(i => Pod(i)).ToList();
        var existing = Stored(EndpointSlicePlan.Plan(Service, pods, _ => null, []).Create);

        var changes = EndpointSlicePlan.Plan(Service, [pods[0], Pod(1, ready: false)], _ => null, existing);

        var updated = Assert.Single(changes.Update);
        Assert.Equal("web-0", updated.Metadata.Name);
        Assert.Equal([true, false], updated.Endpoints.Select(e => e.Conditions.Ready!.Value));
    }

    [Fact]
    public void Plan_PodWithoutTheNamedPort_GoesToASliceWithoutPorts()
    {
        var changes = EndpointSlicePlan.Plan(Service, [Pod(0), Pod(1, namedPort: false)], _ => null, []);

        Assert.Equal(["http:8080", ""], changes.Create.Select(s => string.Join(",", (s.Ports ?? []).Select(p => $"{p.Name}:{p.Port}"))));
    }
}
