using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Berth.Client.Rest;

/// <summary>
/// Where and as whom a component reaches the API server: HTTPS with the cluster CA (an agent on
/// another machine), the server's Unix socket (a command on the server's machine), or the server's
/// in-process transport (components inside <c>berth server</c>); the same HTTP API and semantics,
/// without TLS on the last two; a bearer token or a client certificate.
/// </summary>
public sealed record ApiConnection
{
    /// <summary>https://host:port; ignored for a Unix socket.</summary>
    public Uri Server { get; init; } = new("http://localhost");

    public string? UnixSocket { get; init; }

    /// <summary>Opens a connection to a server in the same process (its in-process transport); takes the place of a socket.</summary>
    public Func<CancellationToken, ValueTask<Stream>>? Dial { get; init; }

    /// <summary>The cluster CA in PEM, trusted instead of the system's roots.</summary>
    public string? CaPem { get; init; }

    public string? Token { get; init; }

    /// <summary>A client certificate with its key (a joined node's), presented in the TLS handshake instead of a token; each new connection presents the current one.</summary>
    public RotatingCertificate? ClientCertificate { get; init; }

    /// <summary>The component's name and version; the server takes its product as the field manager.</summary>
    public required string UserAgent { get; init; }

    /// <summary>Whether the server is reached over the network (HTTPS to <see cref="Server"/>), not through its Unix socket or in this process.</summary>
    public bool OverNetwork => UnixSocket is null && Dial is null;

    public static ApiConnection OverUnixSocket(string path, string token, string userAgent) =>
        new() { UnixSocket = path, Token = token, UserAgent = userAgent };

    public static ApiConnection InProcess(Func<CancellationToken, ValueTask<Stream>> dial, string token, string userAgent) =>
        new() { Dial = dial, Token = token, UserAgent = userAgent };

    internal HttpClient CreateHttpClient()
    {
        var client = new HttpClient(CreateHandler())
        {
            BaseAddress = OverNetwork ? Server : new Uri("http://localhost"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        // Added as raw strings, which requests write as they are; parsed header values are formatted anew for every request.
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", UserAgent);
        if (Token is { } token)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        }
        return client;
    }

    /// <summary>The connection's transport (socket or TLS with the cluster CA and the client certificate), without its headers.</summary>
    public SocketsHttpHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            // Informers hold one long watch each; requests must never queue behind them.
            MaxConnectionsPerServer = int.MaxValue,
            EnableMultipleHttp2Connections = true,
            // An API server never redirects: one handler less in every request's chain.
            AllowAutoRedirect = false,
        };
        if (Dial is { } dial)
        {
            handler.ConnectCallback = (_, cancellationToken) => dial(cancellationToken);
        }
        else if (UnixSocket is { } path)
        {
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        else if (CaPem is { } caPem)
        {
            var ca = X509Certificate2.CreateFromPem(caPem);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is X509Certificate2 served && TrustedBy(served, ca, errors);
            if (ClientCertificate is { } certificate)
            {
                handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate.Current;
            }
        }
        return handler;
    }

    private static bool TrustedBy(X509Certificate2 served, X509Certificate2 ca, SslPolicyErrors errors)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(served);
    }
}
