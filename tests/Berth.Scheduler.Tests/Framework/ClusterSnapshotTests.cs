using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Tests.Framework;

public class ClusterSnapshotTests
{
    [Fact]
    public void NodesWithAffinityPods_FollowPodsAndNodes()
    {
        var snapshot = new ClusterSnapshot();
        foreach (var name in new[] { "n1", "n2", "n3" })
        {
            snapshot.UpsertNode(new MakeNode(name).Obj());
        }
        snapshot.AddPod(new MakePod("plain").Node("n1").Info());
        Assert.Empty(snapshot.NodesWithPodsWithAffinity);
        Assert.Empty(snapshot.NodesWithPodsWithRequiredAntiAffinity);

        var preferring = new MakePod("preferring").Node("n1").PreferredPodAffinity(1, "zone", "app", "web").Info();
        var anti = new MakePod("anti").Node("n2").PodAntiAffinity("zone", "app", "web").Info();
        snapshot.AddPod(preferring);
        snapshot.AddPod(anti);
        Assert.Equal(["n1", "n2"], snapshot.NodesWithPodsWithAffinity.Select(n => n.Name));
        Assert.Equal(["n2"], snapshot.NodesWithPodsWithRequiredAntiAffinity.Select(n => n.Name));

        snapshot.RemovePod(preferring.Uid);
        snapshot.AddPod(new MakePod("anti2").Node("n3").PodAntiAffinity("zone", "app", "db").Info());
        Assert.Equal(["n2", "n3"], snapshot.NodesWithPodsWithAffinity.Select(n => n.Name));
        Assert.Equal(["n2", "n3"], snapshot.NodesWithPodsWithRequiredAntiAffinity.Select(n => n.Name));

        snapshot.RemoveNode("n2");
        Assert.Equal(["n3"], snapshot.NodesWithPodsWithRequiredAntiAffinity.Select(n => n.Name));
    }
}
