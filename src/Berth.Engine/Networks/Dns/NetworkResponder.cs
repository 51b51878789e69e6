using System.Net;
using ARSoft.Tools.Net.Dns;

namespace Berth.Engine.Networks.Dns;

/// <summary>
/// The name server of one user network, on its gateway's port 53 (UDP and TCP), as aardvark-dns serves podman's
/// networks: the container names and aliases of the network, and of every other network the asking container is
/// on, get A records (AAAA: none, no error), so a container on several networks finds all its peers through its
/// first name server; other names with a dot go to the host's resolvers; an unknown single-label name is NXDOMAIN
/// here, never sent upstream.
/// </summary>
internal sealed class NetworkResponder : IDisposable
{
    private readonly DnsListener _listener;
    private readonly Func<IPAddress, string, IReadOnlyList<IPAddress>> _resolve;
    private readonly UpstreamForwarder _upstream;

    /// <param name="resolve">The addresses of a name for the client asking, from the current names.</param>
    public NetworkResponder(IPAddress gateway, Func<IPAddress, string, IReadOnlyList<IPAddress>> resolve, UpstreamForwarder upstream)
    {
        Gateway = gateway;
        _resolve = resolve;
        _upstream = upstream;
        _listener = new DnsListener(new IPEndPoint(gateway, 53), AnswerAsync);
    }

    public IPAddress Gateway { get; }

    /// <summary>Binds the gateway's port 53; throws a <see cref="System.Net.Sockets.SocketException"/> while the address is not on the bridge yet.</summary>
    public void Start() => _listener.Start();

    public void Dispose() => _listener.Dispose();

    private Task<DnsMessage> AnswerAsync(DnsMessage query, IPAddress client)
    {
        var question = query.Questions[0];
        var name = question.Name.ToString().TrimEnd('.');
        var addresses = _resolve(client, name);
        if (addresses.Count > 0 || !name.Contains('.'))
        {
            return Task.FromResult(Answer(query, question, addresses));
        }
        return _upstream.ForwardAsync(query);
    }

    private static DnsMessage Answer(DnsMessage query, DnsQuestion question, IReadOnlyList<IPAddress> addresses)
    {
        var response = query.CreateResponseInstance();
        response.IsRecursionAllowed = true;
        response.ReturnCode = addresses.Count > 0 ? ReturnCode.NoError : ReturnCode.NxDomain;
        if (question.RecordType is RecordType.A or RecordType.Any)
        {
            foreach (var address in addresses)
            {
                // TTL 0: a container's address changes when it is recreated.
                response.AnswerRecords.Add(new ARecord(question.Name, 0, address));
            }
        }
        return response;
    }
}
