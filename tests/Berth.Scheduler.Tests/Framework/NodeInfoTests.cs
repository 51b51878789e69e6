using Berth.Client.Selectors;
using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Tests.Framework;

public class NodeInfoTests
{
    [Fact]
    public void PodsIn_FollowsAddsRemovesAndClones()
    {
        var node = new NodeInfo();
        var a = new MakePod("a", "ns1").Info();
        var b = new MakePod("b", "ns1").Info();
        var c = new MakePod("c", "ns2").Info();
        node.AddPod(a);
        node.AddPod(b);
        node.AddPod(c);

        var copy = node.Clone();
        node.RemovePod(a);
        node.RemovePod(c);

        Assert.Equal(["b"], node.PodsIn("ns1").Select(p => p.Name));
        Assert.Empty(node.PodsIn("ns2"));
        Assert.Equal(["a", "b"], copy.PodsIn("ns1").Select(p => p.Name).Order());
        Assert.Equal(["c"], copy.PodsIn("ns2").Select(p => p.Name));
    }

    [Fact]
    public void CountMatching_IsRecountedAfterEveryPodChange()
    {
        var node = new NodeInfo();
        var web = LabelSelector.Parse("app=web");
        var first = new MakePod("a", "ns1").Label("app", "web").Info();
        node.AddPod(first);
        node.AddPod(new MakePod("b", "ns2").Label("app", "web").Info());
        Assert.Equal(1, node.CountMatching("ns1", web));

        node.AddPod(new MakePod("c", "ns1").Label("app", "web").Info());
        Assert.Equal(2, node.CountMatching("ns1", web));
        var copy = node.Clone();
        copy.AddPod(new MakePod("d", "ns1").Label("app", "web").Info());
        node.RemovePod(first);

        Assert.Equal(1, node.CountMatching("ns1", web));
        Assert.Equal(3, copy.CountMatching("ns1", web));
        Assert.Equal(0, node.CountMatching("ns1", LabelSelector.Parse("app=db")));
        Assert.Equal(0, node.CountMatching("ns1", LabelSelector.Nothing));
        Assert.Equal(1, node.CountMatching("ns1", LabelSelector.Everything));
    }

    [Fact]
    public void InlineCpuAndMemory_FollowTheNodeAndItsPods_AsTheResourceSetsDo()
    {
        var node = new NodeInfo(new MakeNode("n").Capacity("cpu=4,memory=8Gi,pods=110").Obj());
        var a = new MakePod("a").Req("cpu=500m,memory=1Gi").Info();
        node.AddPod(a);
        node.AddPod(new MakePod("b").Req("cpu=250m,memory=512Mi").Info());
        var copy = node.Clone();
        node.RemovePod(a);
        node.SetNode(new MakeNode("n").Capacity("cpu=8,memory=16Gi,pods=110").Obj());

        Assert.Equal(new CpuAndMemory(8000, 16L << 30), node.AllocatableCpuAndMemory);
        Assert.Equal(new CpuAndMemory(250, 512L << 20), node.RequestedCpuAndMemory);
        Assert.Equal(new CpuAndMemory(node.Requested.MilliCpu, node.Requested.Memory), node.RequestedCpuAndMemory);
        Assert.Equal(new CpuAndMemory(4000, 8L << 30), copy.AllocatableCpuAndMemory);
        Assert.Equal(new CpuAndMemory(750, (1L << 30) + (512L << 20)), copy.RequestedCpuAndMemory);
    }

    [Fact]
    public void NodesWithoutTaintsOrImages_ShareOneEmptyCollection_NodesWithThemKeepTheirOwn()
    {
        var bare = new NodeInfo(new MakeNode("a").Obj());
        var emptyLists = new MakeNode("b").Obj();
        emptyLists.Spec.Taints = [];
        emptyLists.Status.Images = [];
        var tainted = new NodeInfo(new MakeNode("c").Taint("k", "NoSchedule").Obj());

        Assert.Same(bare.Taints, new NodeInfo(emptyLists).Taints);
        Assert.Same(bare.Images, new NodeInfo(emptyLists).Images);
        Assert.Empty(bare.Taints);
        Assert.Empty(bare.Images);
        Assert.Equal("k", Assert.Single(tainted.Taints).Key);
    }
}
