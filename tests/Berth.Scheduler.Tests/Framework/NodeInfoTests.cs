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
}
