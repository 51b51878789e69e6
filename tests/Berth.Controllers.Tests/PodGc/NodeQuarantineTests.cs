using Berth.Controllers.PodGc;

namespace Berth.Controllers.Tests.PodGc;

public sealed class NodeQuarantineTests
{
    private static readonly DateTime T0 = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Due_OnlyNodesMissingForTheWholeQuarantine()
    {
        var quarantine = new NodeQuarantine(TimeSpan.FromSeconds(40));

        Assert.Empty(quarantine.Due(["a"], T0));
        Assert.Empty(quarantine.Due(["a", "b"], T0.AddSeconds(39)));
        Assert.Equal(["a"], quarantine.Due(["a", "b"], T0.AddSeconds(40)));
        Assert.Equal(["a", "b"], quarantine.Due(["a", "b"], T0.AddSeconds(79)));
    }

    [Fact]
    public void Due_ANodeThatCameBackStartsItsQuarantineAgain()
    {
        var quarantine = new NodeQuarantine(TimeSpan.FromSeconds(40));
        quarantine.Due(["a"], T0);

        Assert.Empty(quarantine.Due([], T0.AddSeconds(30)));
        Assert.Empty(quarantine.Due(["a"], T0.AddSeconds(50)));
        Assert.Equal(["a"], quarantine.Due(["a"], T0.AddSeconds(90)));
    }
}
