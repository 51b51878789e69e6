using Berth.Acceptance.Api;
using Berth.Client.Rest;
using Berth.Testing;
using Berth.Testing.Simulation;

namespace Berth.Acceptance.Orchestration;

/// <summary>
/// A real `berth server --disable-agent` (on SQLite, or on etcd when asked) with simulated nodes
/// sim-1…sim-3 and their kubelet, shared by a test class; tests use namespaces of their own.
/// Leases are renewed every <paramref name="leaseRenewal"/> (10 s by default, as a kubelet does).
/// </summary>
public class SimulatedClusterServer(bool etcd, TimeSpan? leaseRenewal = null, params string[] serverArguments) : IAsyncLifetime
{
    public const int NodeCount = 3;

    private EtcdProcess? _etcd;
    private ApiServerProcess? _server;
    private SimulatedCluster? _cluster;

    public ApiServerProcess Server => _server ?? throw new InvalidOperationException("the server has not started");

    public SimulatedCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster has not started");

    public ApiClient Client { get; private set; } = null!;

    public Kubectl Kubectl => new(Server);

    public async Task InitializeAsync()
    {
        if (etcd)
        {
            _etcd = new EtcdProcess();
            await _etcd.StartAsync();
        }
        _server = new ApiServerProcess(_etcd?.Endpoint, serverArguments);
        await _server.StartAsync();
        Client = new ApiClient(new ApiConnection
        {
            Server = _server.Address,
            CaPem = await File.ReadAllTextAsync(Path.Combine(_server.DataDir, "server", "tls", "ca.crt")),
            Token = _server.AdminToken,
            UserAgent = "berth-acceptance/1.0",
        });
        _cluster = new SimulatedCluster(Client, leaseRenewal);
        await _cluster.StartAsync(CancellationToken.None);
        for (var i = 1; i <= NodeCount; i++)
        {
            await _cluster.AddNodeAsync(new SimulatedNodeSpec { Name = $"sim-{i}" }, CancellationToken.None);
        }
    }

    /// <summary>SIGKILLs the server and starts it again on the same data and store, as after a crash.</summary>
    public async Task CrashAndRestartAsync()
    {
        await Server.KillAsync();
        await Server.StartAsync();
    }

    /// <summary>A fresh namespace for one test.</summary>
    public async Task<string> NamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 9, 63)];
        await Client.For(KubeResources.Namespaces).CreateAsync(new k8s.Models.V1Namespace { Metadata = new() { Name = name } }, CancellationToken.None);
        return name;
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
        Client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        if (_etcd is not null)
        {
            await _etcd.DisposeAsync();
        }
    }
}
