using Berth.Scheduler.Framework;
using Berth.Scheduler.Plugins;
using Berth.Scheduler.Plugins.ImageLocality;

namespace Berth.Scheduler.Tests.Plugins;

/// <summary>After kube's imagelocality/image_locality_test.go.</summary>
public class ImageLocalityTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void Score_ImageSizeSpreadOverNodesThatHaveIt()
    {
        // gcr.io/40:latest (40 MiB) on node1 only, of 2 nodes: 40 × 1/2 = 20 MiB < 23 MiB → 0.
        // gcr.io/300:latest (300 MiB) on both: 300 MiB → 100 × (300 − 23) / (1000 − 23) = 28.
        var snapshot = Snapshots.Of(
        [
            new MakeNode("node1").Image("gcr.io/40:latest", 40 * MiB).Image("gcr.io/300:latest", 300 * MiB).Obj(),
            new MakeNode("node2").Image("gcr.io/300:latest", 300 * MiB).Obj(),
        ]);

        var forty = PluginRun.Scores(new ImageLocalityPlugin(), new MakePod().Image("gcr.io/40").Info(), snapshot);
        var big = PluginRun.Scores(new ImageLocalityPlugin(), new MakePod().Image("gcr.io/300:latest").Info(), snapshot);

        Assert.Equal(new Dictionary<string, long> { ["node1"] = 0, ["node2"] = 0 }, forty);
        Assert.Equal(new Dictionary<string, long> { ["node1"] = 28, ["node2"] = 28 }, big);
    }

    [Fact]
    public void Score_SeveralContainers_ThresholdScalesWithContainers()
    {
        // 2 containers: the maximum is 2000 MiB; 1000 MiB present → 100 × (1000 − 23) / (2000 − 23) = 49.
        var snapshot = Snapshots.Of([new MakeNode("node1").Image("big:1", 1000 * MiB).Obj()]);

        var scores = PluginRun.Scores(new ImageLocalityPlugin(), new MakePod().Image("big:1").Container("", "small:1").Info(), snapshot);

        Assert.Equal(49, scores["node1"]);
    }

    [Fact]
    public void PreScore_ImagesOnNoNode_SkipsScoring()
    {
        var snapshot = Snapshots.Of([new MakeNode("node1").Image("big:1", 1000 * MiB).Obj(), new MakeNode("node2").Obj()]);
        var plugin = new ImageLocalityPlugin();
        var nodes = snapshot.Nodes.ToList();

        Assert.Equal(StatusCode.Skip, plugin.PreScore(new CycleState(CycleSlots.Count, 1), new MakePod().Image("small:1").Info(), nodes, snapshot).Code);
        Assert.True(plugin.PreScore(new CycleState(CycleSlots.Count, 1), new MakePod().Image("small:1").Container("", "big:1").Info(), nodes, snapshot).IsSuccess);
    }

    [Theory]
    [InlineData("nginx", "nginx:latest")]
    [InlineData("nginx:1.2", "nginx:1.2")]
    [InlineData("localhost:5000/nginx", "localhost:5000/nginx:latest")]
    public void Normalized_AddsLatestWhenThereIsNoTag(string image, string expected)
    {
        Assert.Equal(expected, ImageLocalityPlugin.Normalized(image));
    }
}
