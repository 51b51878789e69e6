using Berth.Client.Rest;
using Microsoft.Extensions.Logging;

namespace Berth.Agent.Joining;

/// <summary>
/// kubelet's client certificate rotation: at a random point between 70 % and 90 % of the node's certificate's lifetime,
/// the node asks for a new one with a CSR made as itself (the server approves a node renewing its own identity, kube's
/// selfnodeclient) and switches its connections to it; a failed request is retried with back-off while the old one is good.
/// </summary>
public sealed partial class ClientCertificateRotation(NodeClientCertificate store, RotatingCertificate certificate, ApiClient node, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromMinutes(2);

    // Task.Delay takes at most about 49 days; a year's certificate is waited for a day at a time.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var deadline = NodeClientCertificate.RotationDeadline(certificate.Current, Random.Shared.NextDouble());
        var retry = FirstRetry;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var wait = deadline - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait < LongestWait ? wait : LongestWait, time, cancellationToken);
                    continue;
                }
                var next = await store.RequestAsync(node, cancellationToken);
                certificate.Replace(next);
                LogRotated(next.SerialNumber, next.NotAfter.ToUniversalTime());
                deadline = NodeClientCertificate.RotationDeadline(next, Random.Shared.NextDouble());
                retry = FirstRetry;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is ClusterJoinException or ApiStatusException or HttpRequestException or IOException)
            {
                LogFailed(e.Message, retry);
                await Task.Delay(retry, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxRetry.Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rotated this node's client certificate: serial {Serial}, valid until {NotAfter:O}")]
    private partial void LogRotated(string serial, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rotating this node's client certificate failed, retrying in {Retry}: {Reason}")]
    private partial void LogFailed(string reason, TimeSpan retry);
}
