namespace Berth.Engine.Containers.Restarts;

/// <summary>
/// How long a container waits before its restart policy starts it again, as Docker's restartmanager: 100 ms, doubling with
/// every restart up to a minute, and back to 100 ms once a run has lasted 10 seconds.
/// </summary>
public static class RestartBackOff
{
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan Longest = TimeSpan.FromMinutes(1);

    /// <summary>A run at least this long counts as a success: the next back-off starts from <see cref="First"/> again.</summary>
    public static readonly TimeSpan SteadyRun = TimeSpan.FromSeconds(10);

    /// <param name="previous">The delay before the run that just ended; zero before the first restart.</param>
    /// <param name="ran">How long that run lasted.</param>
    public static TimeSpan Next(TimeSpan previous, TimeSpan ran)
    {
        if (previous <= TimeSpan.Zero || ran >= SteadyRun)
        {
            return First;
        }
        return previous >= Longest / 2 ? Longest : previous * 2;
    }
}
