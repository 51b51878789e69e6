using System.Text;
using Berth.Engine.Containers;
using Berth.Engine.Events;
using Berth.Engine.Runtime;
using Berth.Timing;

namespace Berth.Engine.Health;

/// <summary>
/// Runs a container's health check once (`healthcheck run`, the monitor): execs the test in the container with its
/// timeout, records the run (<see cref="HealthStateMachine"/>), writes a health_status event as Podman does after every
/// run, and once the container is unhealthy acts as its --health-on-failure says.
/// </summary>
public sealed class HealthChecker(
    ContainerStateReader states, ContainerLifecycle lifecycle, HealthStore health, EventLog events, EngineSelfCommand? self, ContainerStore store, TimeProvider time)
{
    /// <summary>The bytes of a run's output kept in its log, as Docker keeps 4 KiB of a probe's.</summary>
    public const int OutputLimit = 4096;

    public async Task<HealthCheckResult> RunAsync(ContainerRecord record, CancellationToken cancellationToken = default)
    {
        record = states.Refresh(record);
        if (record.Status != ContainerStatus.Running)
        {
            throw new ConflictException($"container {record.Id} is not running");
        }
        var settings = record.Healthcheck ?? throw new InvalidArgumentException($"container {record.Id} has no defined healthcheck");
        var start = time.GetUtcNow();
        var (exitCode, output) = await ExecAsync(record, settings, cancellationToken);
        var end = time.GetUtcNow();
        var inStartPeriod = end - (record.StartedAt ?? record.Created) < settings.StartPeriod;
        var state = health.Update(record.Id, current =>
            HealthStateMachine.Record(current ?? new HealthState(), new HealthLogEntry(start, end, exitCode, output), settings.Retries, inStartPeriod));
        events.Container("health_status", record, healthStatus: state.Status);
        if (state.Status == HealthStatus.Unhealthy && settings.OnFailure != HealthOnFailure.None && self is not null)
        {
            // In a process of its own: stopping the container stops this monitor, and must not stop halfway.
            self.StartDetached(Path.Combine(store.PathsOf(record.Id).Directory, "healthcheck.monitor.log"),
                settings.OnFailure.ToString().ToLowerInvariant(), record.Id);
        }
        return new HealthCheckResult(exitCode == 0, state);
    }

    /// <summary>The test's exit code and output; -1 and Podman's message when it outlives its timeout.</summary>
    private async Task<(int ExitCode, string Output)> ExecAsync(ContainerRecord record, HealthcheckSettings settings, CancellationToken cancellationToken)
    {
        // Both of the test's streams, written by two pumps at once.
        using var buffer = new MemoryStream();
        using var output = Stream.Synchronized(buffer);
        using var timeout = new CancellationTokenSource(settings.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var result = await lifecycle.ExecAsync(record, new ExecOptions(settings.Command), new ExecStreams(null, output, output), linked.Token);
            var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)Math.Min(buffer.Length, OutputLimit));
            return (result.ExitCode, result.RuntimeError is { } error ? text + error : text);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (-1, $"healthcheck command exceeded timeout of {GoDuration.Format(settings.Timeout.Ticks * 100)}");
        }
    }
}
