namespace Berth.Client.LeaderElection;

/// <summary>
/// Timing of a leader election (kube-controller-manager's defaults): a leader renews every
/// <see cref="RetryPeriod"/>; failing to renew for <see cref="RenewDeadline"/> makes it step down;
/// others take over once a lease has not been renewed for <see cref="LeaseDuration"/>.
/// </summary>
public sealed record LeaderElectionOptions
{
    public required string LeaseName { get; init; }

    public string LeaseNamespace { get; init; } = "kube-system";

    /// <summary>Who is asking: the holderIdentity written into the Lease (kube: host name + "_" + a uid).</summary>
    public required string Identity { get; init; }

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);
}
