using Berth.Engine.Containers.Restarts;

namespace Berth.Engine.Tests.Containers.Restarts;

public class RestartBackOffTests
{
    private static readonly TimeSpan ShortRun = TimeSpan.FromSeconds(1);

    [Fact]
    public void Next_BeforeTheFirstRestart_Is100Milliseconds()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(100), RestartBackOff.Next(TimeSpan.Zero, ShortRun));
    }

    [Fact]
    public void Next_AfterShortRuns_DoublesUpToAMinute()
    {
        var delays = new List<TimeSpan>();
        var delay = TimeSpan.Zero;
        for (var restart = 0; restart < 12; restart++)
        {
            delay = RestartBackOff.Next(delay, ShortRun);
            delays.Add(delay);
        }

        Assert.Equal([100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200, 60000, 60000], delays.Select(d => d.TotalMilliseconds));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(3600)]
    public void Next_AfterARunOf10SecondsOrMore_StartsOver(int seconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(100), RestartBackOff.Next(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(seconds)));
    }
}
