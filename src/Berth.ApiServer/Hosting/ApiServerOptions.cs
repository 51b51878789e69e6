using System.Net;
using Berth.ApiServer.Strategies.Core;

namespace Berth.ApiServer.Hosting;

/// <summary>The settings of <c>berth server</c> that the API server uses.</summary>
public sealed record ApiServerOptions
{
    public required string DataDir { get; init; }

    public int HttpsPort { get; init; } = 6443;

    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>An extra kubeconfig to write besides DATA/kubeconfig.yaml.</summary>
    public string? WriteKubeconfig { get; init; }

    public string NodeName { get; init; } = Environment.MachineName;

    /// <summary>The not-ready and unreachable tolerations a pod gets when it has none (DefaultTolerationSeconds admission).</summary>
    public DefaultTolerationSeconds DefaultTolerationSeconds { get; init; } = new();

    /// <summary>The range Service cluster IPs come from (--service-cidr); its first address is the `kubernetes` Service's.</summary>
    public Allocation.ServiceCidr ServiceCidr { get; init; } = Allocation.ServiceCidr.Parse(Allocation.ServiceCidr.Default);

    /// <summary>The kube-dns Service's cluster IP (k3s' --cluster-dns); null: the 10th address of <see cref="ServiceCidr"/>, 10.43.0.10 by default.</summary>
    public string? ClusterDns { get; init; }

    /// <summary>The ports NodePort Services get (--service-node-port-range).</summary>
    public Allocation.PortRange NodePortRange { get; init; } = Allocation.PortRange.Parse(Allocation.PortRange.Default);

    /// <summary>The address the `kubernetes` Service's endpoints give for this server (--advertise-address); null: the bind address.</summary>
    public string? AdvertiseAddress { get; init; }

    /// <summary>More names and addresses the serving certificate covers (k3s' --tls-san), e.g. a load balancer's.</summary>
    public IReadOnlyList<string> TlsSans { get; init; } = [];

    /// <summary>Recent events the watch cache keeps for watches that resume from a resourceVersion.</summary>
    public int WatchWindow { get; init; } = 20_000;

    /// <summary>The users of kube-apiserver's --token-auth-file, by token (<see cref="Authentication.TokenAuthFile"/>).</summary>
    public IReadOnlyDictionary<string, Authentication.UserInfo> TokenUsers { get; init; } = new Dictionary<string, Authentication.UserInfo>();

    /// <summary>Requests without credentials are system:anonymous (kube's --anonymous-auth); off, they are 401.</summary>
    public bool AnonymousAuth { get; init; } = true;

    /// <summary>The iss of ServiceAccount tokens (kube's --service-account-issuer).</summary>
    public string ServiceAccountIssuer { get; init; } = Authentication.ServiceAccountIssuer.DefaultUrl;

    /// <summary>The key that signs ServiceAccount tokens (--service-account-key-file); default DATA/server/tls/service.key, made on first start.</summary>
    public Authentication.ServiceAccountKey? ServiceAccountKey { get; init; }

    /// <summary>The audit policy and log (--audit-policy-file, --audit-log-*); off by default.</summary>
    public Auditing.AuditOptions Audit { get; init; } = new();

    public string ServerDir => Path.Combine(DataDir, "server");

    public string KubeconfigPath => Path.Combine(DataDir, "kubeconfig.yaml");

    /// <summary>
    /// The Unix socket (0600) the server's own components (controllers, scheduler, embedded agent)
    /// reach the same API through, without TLS or TCP.
    /// </summary>
    public string LocalSocketPath => Path.Combine(ServerDir, "api.sock");
}
