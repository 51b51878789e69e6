using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Agent.Nodes;

/// <summary>
/// Computes the node's status every <see cref="AgentOptions.NodeStatusUpdateFrequency"/> and writes it
/// when it changed, or every <see cref="AgentOptions.NodeStatusReportFrequency"/> regardless; the
/// Lease is the frequent heartbeat (kubelet's NodeLease design).
/// </summary>
public sealed partial class NodeStatusReporter(
    AgentOptions options, NodeRegistrar registrar, NodeStatusBuilder builder, Func<CancellationToken, Task<NodeStatusInputs>> inputs,
    TimeProvider time, ILogger<NodeStatusReporter> logger)
{
    private V1NodeStatus? _reported;
    private DateTimeOffset _reportedAt;

    /// <summary>Starts from what registration wrote.</summary>
    public void Registered(V1Node node)
    {
        _reported = node.Status;
        _reportedAt = time.GetUtcNow();
    }

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
        var status = builder.Status(await inputs(cancellationToken), _reported);
        if (!force && !NodeStatusBuilder.Changed(_reported, status) && time.GetUtcNow() - _reportedAt < options.NodeStatusReportFrequency)
        {
            return;
        }
        var written = await registrar.WriteStatusAsync(options.NodeName, status, cancellationToken);
        _reported = written.Status;
        _reportedAt = time.GetUtcNow();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "node status update failed")]
    private partial void LogReportFailed(Exception error);
}
