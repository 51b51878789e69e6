namespace Berth.Controllers.Machinery;

/// <summary>
/// A pass run at once and then every period until cancelled (wait.Until): a failed pass is
/// reported and the next one runs on time, since the next look at the cluster may succeed.
/// </summary>
public static class Periodic
{
    public static async Task RunAsync(TimeSpan period, TimeProvider time, Func<CancellationToken, Task> pass, Action<Exception> failed, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period, time);
        do
        {
            try
            {
                await pass(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failed(ex);
            }
        }
        while (await NextTickAsync(timer, cancellationToken));
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
