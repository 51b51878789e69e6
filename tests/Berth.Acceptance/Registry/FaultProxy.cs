using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Berth.Acceptance.Registry;

/// <summary>
/// A TCP forwarder on 127.0.0.1 in front of a real registry that plays a bad network: it counts the
/// bytes going each way, can slow them down, cut every connection once some more have gone to clients,
/// and swap byte strings of equal length in what the registry sends (so Content-Length still holds).
/// The registry behind it stays the real one; nothing here speaks HTTP.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private const int ChunkSize = 16 << 10;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<(TcpClient Client, TcpClient Server)> _connections = [];
    private readonly List<Task> _pumps = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _accepting;
    private long _bytesToClients;
    private long _bytesFromClients;
    private long _cutAt = long.MaxValue;
    private long _throttledToClientsFrom;
    private long _throttledFromClientsFrom;
    private TimeSpan _throttleStart;
    private long _bytesPerSecond;
    private (byte[] From, byte[] To)[] _rewrites = [];

    public FaultProxy(string targetDomain)
    {
        _target = IPEndPoint.Parse(targetDomain);
        _listener.Start();
        Domain = $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    /// <summary>host:port to use instead of the registry's.</summary>
    public string Domain { get; }

    /// <summary>Bytes forwarded from the registry to clients so far.</summary>
    public long BytesToClients => Interlocked.Read(ref _bytesToClients);

    /// <summary>Bytes forwarded from clients to the registry so far (what a push uploads).</summary>
    public long BytesFromClients => Interlocked.Read(ref _bytesFromClients);

    /// <summary>Limits each direction, all connections together, to this rate; 0 lifts the limit.</summary>
    public void Throttle(long bytesPerSecond)
    {
        lock (_gate)
        {
            _throttledToClientsFrom = BytesToClients;
            _throttledFromClientsFrom = BytesFromClients;
            _throttleStart = _clock.Elapsed;
            _bytesPerSecond = bytesPerSecond;
        }
    }

    /// <summary>Once <paramref name="bytes"/> more have gone to clients, closes every open connection (once; new ones pass).</summary>
    public void CutAfter(long bytes) => Interlocked.Exchange(ref _cutAt, BytesToClients + bytes);

    /// <summary>Replaces <paramref name="from"/> by <paramref name="to"/> (same length) wherever a read from the registry holds it whole.</summary>
    public void Rewrite(byte[] from, byte[] to)
    {
        if (from.Length != to.Length || from.AsSpan().SequenceEqual(to))
        {
            throw new ArgumentException("a rewrite must change the bytes and keep the length", nameof(to));
        }
        _rewrites = [.. _rewrites, (from, to)];
    }

    /// <summary>Waits until at least <paramref name="bytes"/> have gone to clients in all.</summary>
    public Task WaitForBytesAsync(long bytes, TimeSpan timeout) => WaitForAsync(() => BytesToClients, bytes, timeout);

    /// <summary>Waits until at least <paramref name="bytes"/> have come from clients in all.</summary>
    public Task WaitForUploadAsync(long bytes, TimeSpan timeout) => WaitForAsync(() => BytesFromClients, bytes, timeout);

    private async Task WaitForAsync(Func<long> counter, long bytes, TimeSpan timeout)
    {
        var deadline = _clock.Elapsed + timeout;
        while (counter() < bytes)
        {
            if (_clock.Elapsed > deadline)
            {
                throw new TimeoutException($"only {counter()} of {bytes} bytes went through the proxy");
            }
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CloseAll();
        Task[] pumps;
        lock (_gate)
        {
            pumps = [.. _pumps];
        }
        await Task.WhenAll(pumps.Append(_accepting).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(_target, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }
            lock (_gate)
            {
                _connections.Add((client, server));
                _pumps.Add(PumpAsync(client.GetStream(), server.GetStream(), toClient: false, client, server));
                _pumps.Add(PumpAsync(server.GetStream(), client.GetStream(), toClient: true, client, server));
            }
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool toClient, TcpClient client, TcpClient server)
    {
        var buffer = new byte[ChunkSize];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                if (!toClient)
                {
                    Interlocked.Add(ref _bytesFromClients, read);
                    await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                    await PaceAsync(toClient);
                    continue;
                }
                ApplyRewrites(buffer.AsSpan(0, read));
                var sent = Interlocked.Add(ref _bytesToClients, read);
                var cutAt = Interlocked.Read(ref _cutAt);
                if (sent >= cutAt)
                {
                    await to.WriteAsync(buffer.AsMemory(0, read - (int)(sent - cutAt)), _stop.Token);
                    Interlocked.Exchange(ref _cutAt, long.MaxValue);
                    CloseAll();
                    return;
                }
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                await PaceAsync(toClient);
            }
            // The registry closed its side: pass the close on.
            to.Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Close(client, server);
        }
    }

    private void ApplyRewrites(Span<byte> chunk)
    {
        foreach (var (from, to) in _rewrites)
        {
            int at;
            while ((at = chunk.IndexOf(from)) >= 0)
            {
                to.CopyTo(chunk[at..]);
            }
        }
    }

    /// <summary>Waits until the bytes sent one way since the throttle began are no more than the rate allows.</summary>
    private async Task PaceAsync(bool toClient)
    {
        long rate, from;
        TimeSpan start;
        lock (_gate)
        {
            (rate, from, start) = (_bytesPerSecond, toClient ? _throttledToClientsFrom : _throttledFromClientsFrom, _throttleStart);
        }
        if (rate <= 0)
        {
            return;
        }
        var sent = toClient ? BytesToClients : BytesFromClients;
        var due = start + TimeSpan.FromSeconds((double)(sent - from) / rate);
        var wait = due - _clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _stop.Token);
        }
    }

    private void CloseAll()
    {
        List<(TcpClient, TcpClient)> connections;
        lock (_gate)
        {
            connections = [.. _connections];
            _connections.Clear();
        }
        foreach (var (client, server) in connections)
        {
            Close(client, server);
        }
    }

    private static void Close(TcpClient client, TcpClient server)
    {
        client.Dispose();
        server.Dispose();
    }
}
