using Berth.Scheduler.Planning;

namespace Berth.Scheduler.Tests.Planning;

public class PlacementPlannerTests
{
    private static PlacementPlanner Planner() => new(new SchedulerOptions(), new Random(1));

    [Fact]
    public void Plan_EachPlacedPodCountsBeforeTheNextAndTheLastFitsNowhere()
    {
        var snapshot = Snapshots.Of([
            new MakeNode("a").Capacity("cpu=2,memory=4Gi,pods=110").Obj(),
            new MakeNode("b").Capacity("cpu=2,memory=4Gi,pods=110").Obj(),
        ]);

        var plan = Planner().Plan(snapshot, [.. new[] { "p1", "p2", "p3" }.Select(name => new MakePod(name).Req("cpu=1500m").Obj())]);

        Assert.Equal(["a", "b"], plan.Take(2).Select(p => p.Node).Order());
        Assert.Equal(("p3", null, "0/2 nodes are available: 2 Insufficient cpu."), (plan[2].Pod, plan[2].Node, plan[2].Message));
        Assert.Equal([("a", "Insufficient cpu"), ("b", "Insufficient cpu")], plan[2].Rejections);
        Assert.Equal(2, snapshot.Pods.Count());
    }

    [Fact]
    public void Plan_SelectedPodListsScoresAndTheNodesTurnedDown()
    {
        var snapshot = Snapshots.Of([
            new MakeNode("tainted").Taint("dedicated", "NoSchedule").Obj(),
            new MakeNode("free").Obj(),
            new MakeNode("other").Obj(),
        ]);

        var placement = Assert.Single(Planner().Plan(snapshot, [new MakePod("web").Obj()]));

        Assert.Contains(placement.Node, new[] { "free", "other" });
        Assert.Equal(["free", "other"], placement.Scores.Select(s => s.Node).Order());
        Assert.Equal([("tainted", "node(s) had untolerated taint {dedicated: }")], placement.Rejections);
        Assert.Contains("NodeResourcesFit", placement.Scores[0].ByPlugin!.Keys);
    }
}
