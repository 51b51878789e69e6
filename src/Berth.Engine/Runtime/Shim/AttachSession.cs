using System.Net.Sockets;

namespace Berth.Engine.Runtime.Shim;

/// <summary>
/// A client of conmon's attach socket (SOCK_SEQPACKET): each packet from conmon is one byte naming the
/// stream (2 stdout, 3 stderr) and the data; what we send is the container's stdin.
/// </summary>
public sealed class AttachSession : IDisposable
{
    private const byte StdoutPipe = 2;
    private const byte StderrPipe = 3;
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);

    private AttachSession()
    {
    }

    public static async Task<AttachSession> ConnectAsync(string containerId, CancellationToken cancellationToken = default)
    {
        var session = new AttachSession();
        try
        {
            await session._socket.ConnectAsync(new UnixDomainSocketEndPoint(ConmonShim.AttachSocket(containerId)), cancellationToken);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Copies the container's output until conmon closes the socket (the container exited).</summary>
    public async Task CopyOutputAsync(Stream stdout, Stream stderr, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[8193];
        while (true)
        {
            int read;
            try
            {
                read = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            }
            catch (SocketException)
            {
                return;
            }
            if (read == 0)
            {
                return;
            }
            var target = buffer[0] switch { StdoutPipe => stdout, StderrPipe => stderr, _ => null };
            if (target is not null && read > 1)
            {
                await target.WriteAsync(buffer.AsMemory(1, read - 1), cancellationToken);
                await target.FlushAsync(cancellationToken);
            }
        }
    }

    /// <summary>Sends <paramref name="stdin"/> to the container, then closes its stdin.</summary>
    public async Task CopyInputAsync(Stream stdin, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stdin.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await _socket.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, cancellationToken);
            }
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The container exited before reading all of its input.
        }
    }

    public void Dispose() => _socket.Dispose();
}
