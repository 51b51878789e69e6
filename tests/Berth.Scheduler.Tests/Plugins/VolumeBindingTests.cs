using Berth.Scheduler.Framework;
using Berth.Scheduler.Plugins;
using Berth.Scheduler.Plugins.VolumeBinding;
using k8s.Models;

namespace Berth.Scheduler.Tests.Plugins;

/// <summary>VolumeBinding for local volumes with node affinity (after kube's volumebinding tests).</summary>
public class VolumeBindingTests
{
    private static V1PersistentVolume LocalVolume(string name, string node, string size = "10Gi", string className = "local") => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PersistentVolumeSpec
        {
            Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) },
            AccessModes = ["ReadWriteOnce"],
            StorageClassName = className,
            Local = new V1LocalVolumeSource { Path = "/mnt/disk" },
            NodeAffinity = new V1VolumeNodeAffinity
            {
                Required = new V1NodeSelector
                {
                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "kubernetes.io/hostname", OperatorProperty = "In", Values = [node] }] }],
                },
            },
        },
        Status = new V1PersistentVolumeStatus { Phase = "Available" },
    };

    private static V1PersistentVolumeClaim Claim(string name, string size = "5Gi", string className = "local", string? volume = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = $"{name}-uid" },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            StorageClassName = className,
            VolumeName = volume,
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) } },
        },
    };

    private static ClusterSnapshot Cluster(IEnumerable<V1PersistentVolume> volumes, IEnumerable<V1PersistentVolumeClaim> claims)
    {
        var snapshot = Snapshots.Of([new MakeNode("node1").Obj(), new MakeNode("node2").Obj()]);
        snapshot.StorageClasses["local"] = new V1StorageClass { Metadata = new V1ObjectMeta { Name = "local" }, Provisioner = VolumeBindingPlugin.NoProvisioner, VolumeBindingMode = "WaitForFirstConsumer" };
        snapshot.StorageClasses["immediate"] = new V1StorageClass { Metadata = new V1ObjectMeta { Name = "immediate" }, Provisioner = "example.com/disk", VolumeBindingMode = "Immediate" };
        snapshot.StorageClasses["dynamic"] = new V1StorageClass { Metadata = new V1ObjectMeta { Name = "dynamic" }, Provisioner = "example.com/disk", VolumeBindingMode = "WaitForFirstConsumer" };
        foreach (var volume in volumes)
        {
            snapshot.PersistentVolumes[volume.Metadata.Name] = volume;
        }
        foreach (var claim in claims)
        {
            snapshot.Claims[$"default/{claim.Metadata.Name}"] = claim;
        }
        return snapshot;
    }

    [Fact]
    public void Filter_BoundClaim_OnlyTheVolumesNode()
    {
        var snapshot = Cluster([LocalVolume("pv-1", "node2")], [Claim("data", volume: "pv-1")]);

        var statuses = PluginRun.Filter(new VolumeBindingPlugin(), new MakePod().Claim("data").Info(), snapshot);

        Assert.Equal(new Dictionary<string, string> { ["node1"] = $"UnschedulableAndUnresolvable: {VolumeBindingPlugin.ReasonNodeConflict}", ["node2"] = "" }, statuses);
    }

    [Fact]
    public void Filter_WaitForFirstConsumer_NodesWithAMatchingVolume()
    {
        var snapshot = Cluster([LocalVolume("small", "node1", "1Gi"), LocalVolume("large", "node2", "10Gi")], [Claim("data", "5Gi")]);

        var statuses = PluginRun.Filter(new VolumeBindingPlugin(), new MakePod().Claim("data").Info(), snapshot);

        Assert.Equal(new Dictionary<string, string> { ["node1"] = $"UnschedulableAndUnresolvable: {VolumeBindingPlugin.ReasonBindConflict}", ["node2"] = "" }, statuses);
    }

    [Fact]
    public void Filter_WaitForFirstConsumer_ChoosesTheSmallestFittingVolumeAndNeverOneTwice()
    {
        var plugin = new VolumeBindingPlugin();
        var snapshot = Cluster([LocalVolume("pv-20", "node1", "20Gi"), LocalVolume("pv-10", "node1", "10Gi")], [Claim("a", "5Gi"), Claim("b", "5Gi"), Claim("c", "5Gi")]);
        var state = new CycleState(CycleSlots.Count, 1);
        var twoClaims = new MakePod().Claim("a").Claim("b").Info();
        plugin.PreFilter(state, twoClaims, snapshot);

        Assert.True(plugin.Filter(state, twoClaims, snapshot.Get("node1")!).IsSuccess);
        Assert.Equal(["pv-10", "pv-20"], VolumeBindingPlugin.DecisionsFor(state, "node1").Select(d => d.Volume!.Metadata.Name));
        Assert.False(PluginRun.FilterOne(plugin, new MakePod().Claim("a").Claim("b").Claim("c").Info(), snapshot, "node1").IsSuccess);
    }

    [Fact]
    public void Filter_ClaimedVolume_NotAvailable()
    {
        var taken = LocalVolume("pv-1", "node1");
        taken.Spec.ClaimRef = new V1ObjectReference { Name = "other", NamespaceProperty = "default" };
        var snapshot = Cluster([taken], [Claim("data")]);

        Assert.Equal(VolumeBindingPlugin.ReasonBindConflict, PluginRun.FilterOne(new VolumeBindingPlugin(), new MakePod().Claim("data").Info(), snapshot, "node1").Message);
    }

    [Fact]
    public void Filter_DynamicClass_ProvisionsWhereNoVolumeMatches()
    {
        var snapshot = Cluster([], [Claim("data", className: "dynamic")]);

        Assert.True(PluginRun.FilterOne(new VolumeBindingPlugin(), new MakePod().Claim("data").Info(), snapshot, "node1").IsSuccess);
    }

    [Fact]
    public void PreFilter_UnboundImmediateClaim_WaitsForItsBinding()
    {
        var snapshot = Cluster([], [Claim("data", className: "immediate")]);

        var status = PluginRun.FilterOne(new VolumeBindingPlugin(), new MakePod().Claim("data").Info(), snapshot, "node1");

        Assert.Equal((StatusCode.UnschedulableAndUnresolvable, VolumeBindingPlugin.ReasonUnboundImmediate), (status.Code, status.Message));
    }

    [Fact]
    public void PreFilter_MissingClaim_NamedInTheReason()
    {
        var status = PluginRun.FilterOne(new VolumeBindingPlugin(), new MakePod().Claim("data").Info(), Cluster([], []), "node1");

        Assert.Equal("persistentvolumeclaim \"data\" not found", status.Message);
    }
}
