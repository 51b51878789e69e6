using Berth.Controllers.Namespaces;

namespace Berth.Controllers.Tests.Namespaces;

public sealed class ResourceContentTests
{
    [Fact]
    public void Judge_NothingLeft_IsDone()
    {
        var (content, unexpected) = ResourceContent.Judge(30, []);

        Assert.Equal((0L, 0, false), (content.EstimateSeconds, content.Remaining, unexpected));
    }

    [Fact]
    public void Judge_GracefulPodsLeft_WaitTheirEstimate()
    {
        var (content, unexpected) = ResourceContent.Judge(30, [null, null]);

        Assert.Equal((30L, 2, false), (content.EstimateSeconds, content.Remaining, unexpected));
    }

    [Fact]
    public void Judge_FinalizersLeft_WaitFifteenSecondsAndCountThem()
    {
        var (content, unexpected) = ResourceContent.Judge(0, [["a", "b"], ["a"]]);

        Assert.Equal((15L, 2, false), (content.EstimateSeconds, content.Remaining, unexpected));
        Assert.Equal(new Dictionary<string, int> { ["a"] = 2, ["b"] = 1 }, content.Finalizers);
    }

    [Fact]
    public void Judge_LeftWithoutReason_IsUnexpected()
    {
        var (content, unexpected) = ResourceContent.Judge(0, [null]);

        Assert.True(unexpected);
        Assert.Equal(1, content.Remaining);
    }
}
