using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Berth.DockerApi.Http;

/// <summary>
/// A small HTTP/1.1 server for the Docker API: keep-alive, Content-Length and chunked bodies, chunked
/// streaming responses and connection hijacking for attach and exec. Kestrel refuses what the docker CLI
/// sends for `exec` (a POST with a JSON body and `Connection: Upgrade`, which it answers 400 by design),
/// so the socket speaks HTTP itself; Docker's API never uses HTTP/2.
/// </summary>
public sealed partial class HttpServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly RequestHandler _handler;
    private readonly ILogger _logger;
    private readonly SslServerAuthenticationOptions? _tls;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    private HttpServer(Socket listener, RequestHandler handler, SslServerAuthenticationOptions? tls, ILogger logger, TimeProvider time)
    {
        _listener = listener;
        _handler = handler;
        _tls = tls;
        _logger = logger;
        Time = time;
        LastActivity = time.GetUtcNow();
        _accepting = Task.Run(AcceptLoopAsync);
    }

    private TimeProvider Time { get; }

    /// <summary>When a connection last opened or closed: what `system service --time` counts idleness from.</summary>
    public DateTimeOffset LastActivity { get; private set; }

    public int ActiveConnections => Volatile.Read(ref _connections);

    /// <summary>Listens on a Unix socket at <paramref name="path"/> (replacing a stale one), mode 0660.</summary>
    public static HttpServer ListenUnix(string path, RequestHandler handler, ILogger logger, TimeProvider time)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.Delete(path);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
            }
            socket.Listen(128);
            return new HttpServer(socket, handler, null, logger, time);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Listens on TCP with mutual TLS: clients must present a certificate signed by <paramref name="clientCa"/>.</summary>
    public static HttpServer ListenTls(IPEndPoint endpoint, X509Certificate2 certificate, X509Certificate2 clientCa, RequestHandler handler, ILogger logger, TimeProvider time)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endpoint);
            socket.Listen(128);
            var tls = new SslServerAuthenticationOptions
            {
                ServerCertificate = certificate,
                ClientCertificateRequired = true,
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && IsSignedBy(presented, clientCa),
            };
            return new HttpServer(socket, handler, tls, logger, time);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public EndPoint LocalEndPoint => _listener.LocalEndPoint!;

    private static bool IsSignedBy(X509Certificate presented, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var certificate = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(certificate);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        Interlocked.Increment(ref _connections);
        LastActivity = Time.GetUtcNow();
        try
        {
            await using var network = new NetworkStream(client, ownsSocket: true);
            Stream stream = network;
            if (_tls is not null)
            {
                var ssl = new SslStream(network);
                await ssl.AuthenticateAsServerAsync(_tls, _stop.Token);
                stream = ssl;
            }
            await using (stream)
            {
                await ServeRequestsAsync(stream);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            // The client went away or failed the handshake.
        }
        catch (Exception e)
        {
            LogConnectionFailed(_logger, e);
        }
        finally
        {
            Interlocked.Decrement(ref _connections);
            LastActivity = Time.GetUtcNow();
        }
    }

    private async Task ServeRequestsAsync(Stream stream)
    {
        var reader = new ConnectionReader(stream);
        while (!_stop.IsCancellationRequested)
        {
            HttpRequestHead? head;
            try
            {
                head = await RequestHeadReader.ReadAsync(reader, _stop.Token);
            }
            catch (BadHttpRequestException e)
            {
                await new HttpResponse(stream, new HttpRequestHead("GET", "/", "", new Dictionary<string, string>()), reader)
                    .WriteTextAsync(400, e.Message + "\n", _stop.Token);
                return;
            }
            if (head is null)
            {
                return;
            }
            var body = new RequestBodyStream(reader, head);
            var response = new HttpResponse(stream, head, reader);
            await _handler(new HttpRequest(head, body), response, _stop.Token);
            if (response.Hijacked || !head.KeepAlive)
            {
                return;
            }
            await body.DrainAsync(_stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        _stop.Dispose();
    }

    [LoggerMessage(1, LogLevel.Error, "Docker API connection failed")]
    private static partial void LogConnectionFailed(ILogger logger, Exception exception);
}
