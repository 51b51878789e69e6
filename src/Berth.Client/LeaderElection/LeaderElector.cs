using Berth.Client.Rest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Client.LeaderElection;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease (client-go's leaderelection with a LeaseLock):
/// <code>
///   candidate ──acquired──► leader ──renew fails for RenewDeadline──► candidate (leading work cancelled)
///       ▲                      │
///       └──────── cancelled: the lease is released (holder cleared) so another takes over at once
/// </code>
/// A lease held by another is taken only once it has not changed for LeaseDuration, measured on
/// this process's clock from when this process last saw it change (so clock skew does not matter).
/// </summary>
public sealed partial class LeaderElector(ApiClient client, LeaderElectionOptions options, TimeProvider time, ILogger<LeaderElector> logger)
{
    private readonly ResourceClient<V1Lease, V1LeaseList> _leases = client.For(KubeResources.Leases);
    private (string? Holder, DateTime? RenewTime) _observed;
    private long _observedAt;

    public bool IsLeader { get; private set; }

    /// <summary>
    /// Campaigns until cancelled; while leading, runs <paramref name="lead"/> with a token that is
    /// cancelled when leadership is lost (then campaigns again).
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await AcquireAsync(cancellationToken);
                using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                IsLeader = true;
                LogLeading(options.LeaseNamespace, options.LeaseName, options.Identity);
                var work = Task.Run(() => lead(leading.Token), CancellationToken.None);
                await RenewAsync(work, cancellationToken);
                IsLeader = false;
                await leading.CancelAsync();
                await work.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (!cancellationToken.IsCancellationRequested)
                {
                    LogLost(options.LeaseNamespace, options.LeaseName);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await ReleaseAsync();
        }
    }

    private async Task AcquireAsync(CancellationToken cancellationToken)
    {
        while (!await TryAcquireOrRenewAsync(cancellationToken))
        {
            await Task.Delay(options.RetryPeriod, time, cancellationToken);
        }
    }

    /// <summary>Renews every RetryPeriod until a renewal has failed for RenewDeadline, the work ends, or cancellation.</summary>
    private async Task RenewAsync(Task work, CancellationToken cancellationToken)
    {
        var lastRenewed = time.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested && !work.IsCompleted)
        {
            await Task.WhenAny(work, Task.Delay(options.RetryPeriod, time, cancellationToken));
            if (cancellationToken.IsCancellationRequested || work.IsCompleted)
            {
                return;
            }
            if (await TryAcquireOrRenewAsync(cancellationToken))
            {
                lastRenewed = time.GetTimestamp();
            }
            else if (time.GetElapsedTime(lastRenewed) >= options.RenewDeadline)
            {
                return;
            }
        }
    }

    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        try
        {
            var lease = await _leases.TryGetAsync(options.LeaseNamespace, options.LeaseName, cancellationToken);
            if (lease is null)
            {
                await _leases.CreateAsync(new V1Lease
                {
                    Metadata = new V1ObjectMeta { Name = options.LeaseName, NamespaceProperty = options.LeaseNamespace },
                    Spec = Spec(new V1LeaseSpec { LeaseTransitions = 0, AcquireTime = now }, now),
                }, cancellationToken);
                return true;
            }
            var spec = lease.Spec ?? new V1LeaseSpec();
            Observe(spec);
            var held = !string.IsNullOrEmpty(spec.HolderIdentity) && spec.HolderIdentity != options.Identity;
            if (held && time.GetElapsedTime(_observedAt) < TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? (int)options.LeaseDuration.TotalSeconds))
            {
                return false;
            }
            if (spec.HolderIdentity != options.Identity)
            {
                spec.AcquireTime = now;
                spec.LeaseTransitions = (spec.LeaseTransitions ?? 0) + 1;
            }
            lease.Spec = Spec(spec, now);
            var updated = await _leases.UpdateAsync(lease, cancellationToken);
            Observe(updated.Spec!);
            return true;
        }
        catch (ApiStatusException race) when (race.IsConflict || race.IsAlreadyExists)
        {
            return false;
        }
        catch (Exception ex) when (ex is ApiStatusException or HttpRequestException or IOException)
        {
            LogAttemptFailed(ex, options.LeaseNamespace, options.LeaseName);
            return false;
        }
    }

    private V1LeaseSpec Spec(V1LeaseSpec spec, DateTime now)
    {
        spec.HolderIdentity = options.Identity;
        spec.LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds;
        spec.RenewTime = now;
        return spec;
    }

    private void Observe(V1LeaseSpec spec)
    {
        var record = (spec.HolderIdentity, spec.RenewTime);
        if (record != _observed)
        {
            _observed = record;
            _observedAt = time.GetTimestamp();
        }
    }

    /// <summary>Clears the holder of a lease this process holds, so a successor need not wait out the duration.</summary>
    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(options.RenewDeadline);
        try
        {
            var lease = await _leases.TryGetAsync(options.LeaseNamespace, options.LeaseName, timeout.Token);
            if (lease?.Spec?.HolderIdentity != options.Identity)
            {
                return;
            }
            lease.Spec.HolderIdentity = null;
            lease.Spec.LeaseDurationSeconds = 1;
            await _leases.UpdateAsync(lease, timeout.Token);
        }
        catch (Exception ex) when (ex is ApiStatusException or HttpRequestException or IOException or OperationCanceledException)
        {
            LogAttemptFailed(ex, options.LeaseNamespace, options.LeaseName);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "leading as {Identity} through lease {Namespace}/{Name}")]
    private partial void LogLeading(string @namespace, string name, string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "lost the lease {Namespace}/{Name}; campaigning again")]
    private partial void LogLost(string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Debug, Message = "lease {Namespace}/{Name}: attempt failed")]
    private partial void LogAttemptFailed(Exception ex, string @namespace, string name);
}
