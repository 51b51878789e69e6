using Microsoft.Extensions.Hosting;

namespace Berth.Agent.Streaming;

/// <summary>
/// Keeps the streaming server's host off SIGINT/SIGTERM: the agent's cancellation stops it, and the
/// console lifetime would take the signal from the process that embeds the agent.
/// </summary>
internal sealed class SignalFreeHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
