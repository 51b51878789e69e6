using Berth.Engine.Containers;

namespace Berth.Engine.Health;

/// <summary>
/// The loop of `berth healthcheck monitor ID`: every interval, runs the container's check while it runs (not while it
/// is paused), and ends once the container has exited or is gone, or when signalled (<see cref="HealthMonitors.Stop"/>).
/// </summary>
public sealed class HealthMonitor(ContainerStore store, ContainerStateReader states, HealthChecker checker, HealthMonitors monitors, TimeProvider time)
{
    public async Task RunAsync(string id, CancellationToken cancellationToken)
    {
        monitors.Register(id);
        try
        {
            // The monitor starts with the container, whose health starts over as starting.
            var status = HealthStatus.Starting;
            while (Current(id) is { Healthcheck: { Interval: var interval } settings } current && interval > TimeSpan.Zero)
            {
                await Task.Delay(settings.NextDelay(time.GetUtcNow() - (current.StartedAt ?? current.Created), status), time, cancellationToken);
                if (Current(id) is { Status: ContainerStatus.Running } running)
                {
                    status = await CheckAsync(running, cancellationToken) ?? status;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped with the container.
        }
        finally
        {
            monitors.Unregister(id);
        }
    }

    /// <summary>The container while it runs or is paused; null once it has exited or is gone.</summary>
    private ContainerRecord? Current(string id) =>
        store.Load(id) is { } record && states.Refresh(record) is { Status: ContainerStatus.Running or ContainerStatus.Paused } current ? current : null;

    /// <summary>The health after the run; null when the run did not happen.</summary>
    private async Task<string?> CheckAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        try
        {
            return (await checker.RunAsync(record, cancellationToken)).State.Status;
        }
        catch (Exception e) when (e is BerthException or IOException or UnauthorizedAccessException)
        {
            // The container exited or went away during the run: the next look at it ends the loop.
            return null;
        }
    }
}
