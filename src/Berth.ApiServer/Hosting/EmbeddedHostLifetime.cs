using Microsoft.Extensions.Hosting;

namespace Berth.ApiServer.Hosting;

/// <summary>
/// Leaves SIGINT/SIGTERM to the caller (the CLI cancels its token and disposes the host), instead of
/// the console lifetime, which would swallow the signal and stop only Kestrel.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
