namespace Berth.Controllers.NodeLifecycle;

/// <summary>One zone's pace of tainting nodes for eviction: at most <c>rate</c> nodes per second, the first at once (kube's token bucket of burst 1).</summary>
public sealed class EvictionPace
{
    private DateTime _next = DateTime.MinValue;

    public bool TryTake(double rate, DateTime now)
    {
        if (rate <= 0 || now < _next)
        {
            return false;
        }
        _next = now + TimeSpan.FromSeconds(1 / rate);
        return true;
    }
}
