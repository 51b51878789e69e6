using System.Net;
using System.Net.Sockets;
using Berth.Client.Informers;
using Berth.Client.Rest;
using Berth.Engine.Networks.Dns;
using Microsoft.Extensions.Logging;

namespace Berth.Agent.ClusterDns;

/// <summary>
/// Cluster DNS on this node, served by the agent itself as NodeLocal DNSCache serves it: UDP and TCP port 53 on the
/// kube-dns Service's address (the first --cluster-dns), which it puts on <see cref="DnsDummyInterface"/>, answering
/// from informers over Services and EndpointSlices and forwarding other names to the host's resolvers. While another
/// process holds the port (a second agent on one host) it retries; on a clean stop it takes the address away again.
/// </summary>
public sealed partial class NodeLocalDns(AgentOptions options, ApiClient client, ILoggerFactory loggerFactory, TimeProvider time)
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger = loggerFactory.CreateLogger<NodeLocalDns>();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (options.ClusterDns.Count == 0 || !IPAddress.TryParse(options.ClusterDns[0], out var address))
        {
            return;
        }
        var model = new ClusterDnsModel();
        var informers = new InformerFactory(client, time, loggerFactory);
        ClusterDnsFeed.Follow(informers, model);
        var informing = informers.RunAsync(cancellationToken);
        try
        {
            await informers.WaitForSyncAsync(cancellationToken);
            var upstream = new UpstreamForwarder([.. ResolvConf.Read(options.ResolvConf).NameserverAddresses.Where(a => !a.Equals(address))], time);
            var responder = new ClusterDnsResponder(model, options.ClusterDomain, address, upstream.ForwardAsync);
            await ServeAsync(address, responder, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        await informing;
    }

    private async Task ServeAsync(IPAddress address, ClusterDnsResponder responder, CancellationToken cancellationToken)
    {
        var warned = false;
        while (true)
        {
            var listener = new DnsListener(new IPEndPoint(address, 53), responder.AnswerAsync);
            try
            {
                await DnsDummyInterface.AddAsync(address, cancellationToken);
                listener.Start();
            }
            catch (Exception e) when (e is SocketException or BerthException)
            {
                listener.Dispose();
                if (!warned)
                {
                    LogCannotServe(address, e.Message);
                    warned = true;
                }
                await Task.Delay(Retry, time, cancellationToken);
                continue;
            }
            LogServing(address, options.ClusterDomain);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                listener.Dispose();
                await DnsDummyInterface.RemoveAsync(address, CancellationToken.None);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "cluster DNS for {Domain} on {Address}:53")]
    private partial void LogServing(IPAddress address, string domain);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cannot serve cluster DNS on {Address}:53 yet (retrying): {Reason}")]
    private partial void LogCannotServe(IPAddress address, string reason);
}
