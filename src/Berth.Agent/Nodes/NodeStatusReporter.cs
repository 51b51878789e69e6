using Microsoft.Extensions.Logging;

namespace Berth.Agent.Nodes;

/// <summary>
/// Computes the node's status every <see cref="AgentOptions.NodeStatusUpdateFrequency"/> and writes it
/// when it differs from the Node's status on the server, or every <see cref="AgentOptions.NodeStatusReportFrequency"/>
/// regardless; the Lease is the frequent heartbeat (kubelet's NodeLease design). Comparing with the
/// server, not with its own last write, is what brings the node back to Ready after the node lifecycle
/// controller marked it Unknown while the agent could not reach the API.
/// </summary>
public sealed partial class NodeStatusReporter(
    AgentOptions options, NodeRegistrar registrar, NodeStatusBuilder builder, Func<CancellationToken, Task<NodeStatusInputs>> inputs,
    TimeProvider time, ILogger<NodeStatusReporter> logger)
{
    private DateTimeOffset _reportedAt;

    /// <summary>Starts the report clock at registration, which wrote the status.</summary>
    public void Registered() => _reportedAt = time.GetUtcNow();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(options.NodeStatusUpdateFrequency, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            try
            {
                await ReportAsync(force: false, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogReportFailed(e);
            }
        }
    }

    /// <summary>Writes the status now when it changed (or <paramref name="force"/>), e.g. after the image list changed.</summary>
    public async Task ReportAsync(bool force, CancellationToken cancellationToken)
    {
        var current = (await registrar.GetAsync(options.NodeName, cancellationToken)).Status;
        var status = builder.Status(await inputs(cancellationToken), current);
        if (!force && !NodeStatusBuilder.Changed(current, status) && time.GetUtcNow() - _reportedAt < options.NodeStatusReportFrequency)
        {
            return;
        }
        await registrar.WriteStatusAsync(options.NodeName, status, cancellationToken);
        _reportedAt = time.GetUtcNow();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "node status update failed")]
    private partial void LogReportFailed(Exception error);
}
