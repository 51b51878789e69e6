using Microsoft.Extensions.Logging;

namespace Berth.ApiServer.ControlPlane;

/// <summary>Runs a step of the server's own upkeep every period until stopped; a failed step is logged and tried again next period.</summary>
internal static partial class BackgroundLoop
{
    public static async Task RunAsync(TimeSpan period, Func<CancellationToken, Task> step, ILogger logger, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period);
        while (await WaitAsync(timer, cancellationToken))
        {
            try
            {
                await step(cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                StepFailed(logger, e);
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Server upkeep step failed; retrying next period")]
    private static partial void StepFailed(ILogger logger, Exception exception);
}
