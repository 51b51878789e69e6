using Berth.Controllers.Machinery;

namespace Berth.Controllers.Tests.Machinery;

public sealed class SlowStartTests
{
    [Fact]
    public async Task RunAsync_AllSucceed_RunsInDoublingBatches()
    {
        var inFlight = 0;
        var peaks = new List<int>();
        var (succeeded, failure) = await SlowStart.RunAsync(10, async () =>
        {
            lock (peaks)
            {
                peaks.Add(++inFlight);
            }
            await Task.Delay(20);
            lock (peaks)
            {
                inFlight--;
            }
        });

        Assert.Equal((10, null), (succeeded, failure));
        Assert.Equal(4, peaks.Max());
    }

    [Fact]
    public async Task RunAsync_FirstCallFails_StopsAfterOneCall()
    {
        var calls = 0;

        var (succeeded, failure) = await SlowStart.RunAsync(100, () =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromException(new InvalidOperationException("quota"));
        });

        Assert.Equal((0, 1), (succeeded, calls));
        Assert.Equal("quota", failure!.Message);
    }
}
