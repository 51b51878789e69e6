using System.Net;
using ARSoft.Tools.Net.Dns;

namespace Berth.Engine.Networks.Dns;

/// <summary>
/// A name server's sockets: UDP and TCP on one address and port, each query of one question handed to
/// <c>answer</c>; a malformed query or one of several questions gets the library's FORMERR. The one place
/// Berth's name servers (user networks, cluster DNS) meet the wire.
/// </summary>
public sealed class DnsListener : IDisposable
{
    private readonly DnsServer _server;
    private readonly Func<DnsMessage, IPAddress, Task<DnsMessage>> _answer;

    public DnsListener(IPEndPoint endpoint, Func<DnsMessage, Task<DnsMessage>> answer)
        : this(endpoint, (query, _) => answer(query))
    {
    }

    /// <param name="answer">Gets the query and the address of the client that sent it.</param>
    public DnsListener(IPEndPoint endpoint, Func<DnsMessage, IPAddress, Task<DnsMessage>> answer)
    {
        Endpoint = endpoint;
        _answer = answer;
        _server = new DnsServer(new UdpServerTransport(endpoint), new TcpServerTransport(endpoint));
        _server.QueryReceived += OnQueryReceivedAsync;
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>Binds the sockets; throws a <see cref="System.Net.Sockets.SocketException"/> when the address is not on an interface (yet) or the port is taken.</summary>
    public void Start() => _server.Start();

    public void Dispose() => _server.Stop();

    private async Task OnQueryReceivedAsync(object sender, QueryReceivedEventArgs e)
    {
        if (e.Query is DnsMessage query && query.Questions.Count == 1)
        {
            e.Response = await _answer(query, e.RemoteEndpoint.Address);
        }
    }
}
