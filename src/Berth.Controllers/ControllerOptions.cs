using Berth.Controllers.NodeIpam;
using Berth.Controllers.NodeLifecycle;
using Berth.Controllers.PodGc;

namespace Berth.Controllers;

/// <summary>The controllers' settings that a user may change on <c>berth server</c>.</summary>
public sealed record ControllerOptions
{
    public NodeLifecycleOptions NodeLifecycle { get; init; } = new();

    public PodGcOptions PodGc { get; init; } = new();

    public NodeIpamOptions NodeIpam { get; init; } = new();

    /// <summary>How often every quota's usage is recounted in full (kube-controller-manager's --resource-quota-sync-period).</summary>
    public TimeSpan ResourceQuotaSyncPeriod { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The cluster CA (PEM) published to every namespace as kube-root-ca.crt; none, no publisher.</summary>
    public string? RootCaPem { get; init; }

    /// <summary>The cluster CA with its key (kube-controller-manager's --cluster-signing-cert-file and key); none, no signing.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? SigningCa { get; init; }

    /// <summary>The longest a signed certificate is valid (kube-controller-manager's --cluster-signing-duration); a CSR may ask for less.</summary>
    public TimeSpan ClusterSigningDuration { get; init; } = Certificates.ClusterSigner.DefaultDuration;
}
