using System.Security.Cryptography.X509Certificates;
using Berth.Agent;
using Berth.Agent.Joining;
using Berth.Client.Rest;
using Microsoft.Extensions.Logging;

namespace Berth.Host;

/// <summary>
/// <c>berth agent</c>: joins a cluster as k3s' agent does (the CA fetched from the server and checked
/// against the join token's hash), gets the node's client certificate with the token (kubelet's TLS
/// bootstrap, <see cref="NodeClientCertificate"/>) and runs this node's agent as that node, rotating the certificate
/// before it ends (<see cref="ClientCertificateRotation"/>).
/// Ready when <see cref="StartAsync"/> returns: the Node is registered.
/// </summary>
public sealed class AgentHost : IAsyncDisposable
{
    private readonly ApiClient _client;
    private readonly CancellationTokenSource _stop;
    private readonly Task _run;

    private AgentHost(ApiClient client, CancellationTokenSource stop, Task run)
    {
        _client = client;
        _stop = stop;
        _run = run;
    }

    public static async Task<AgentHost> StartAsync(Uri server, string token, AgentOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        JoinToken join;
        string ca;
        try
        {
            join = JoinToken.Parse(token);
            ca = await ClusterCa.FetchAsync(server, join, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is FormatException or ClusterJoinException)
        {
            throw new HostStartException(e.Message, e);
        }
        var userAgent = $"kubelet/{AgentOptions.KubeletVersion} (linux/amd64) berth";
        X509Certificate2 identity;
        var certificate = new NodeClientCertificate(Path.Combine(options.AgentDir, "pki"), options.NodeName, X509Certificate2.CreateFromPem(ca), TimeProvider.System,
            loggerFactory.CreateLogger<NodeClientCertificate>());
        using (var bootstrap = new ApiClient(new ApiConnection { Server = server, CaPem = ca, Token = join.Raw, UserAgent = userAgent }))
        {
            try
            {
                identity = await certificate.LoadOrRequestAsync(bootstrap, cancellationToken);
            }
            catch (Exception e) when (e is ClusterJoinException or ApiStatusException or HttpRequestException)
            {
                throw new HostStartException($"the node cannot get its client certificate: {e.Message}", e);
            }
        }
        // From here on the node is system:node:NAME in system:nodes, not the join token's bootstrapper.
        // It rotates the certificate as itself before it ends.
        var rotating = new RotatingCertificate(identity);
        var client = new ApiClient(new ApiConnection { Server = server, CaPem = ca, ClientCertificate = rotating, UserAgent = userAgent });
        var agent = new NodeAgent(options with { ClusterCaPem = ca }, client, loggerFactory, TimeProvider.System);
        var rotation = new ClientCertificateRotation(certificate, rotating, client, TimeProvider.System, loggerFactory.CreateLogger<ClientCertificateRotation>());
        var stop = new CancellationTokenSource();
        var run = Task.Run(() => agent.RunAsync(stop.Token), CancellationToken.None);
        var rotate = Task.Run(() => rotation.RunAsync(stop.Token), CancellationToken.None);
        var host = new AgentHost(client, stop, Task.WhenAll(run, rotate));
        try
        {
            await Task.WhenAny(agent.Registered, run).WaitAsync(cancellationToken);
            if (run.IsFaulted)
            {
                throw new HostStartException($"the node agent did not start: {run.Exception!.InnerException!.Message}", run.Exception.InnerException);
            }
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _client.Dispose();
        _stop.Dispose();
    }
}
