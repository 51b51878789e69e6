using System.Net.Sockets;
using System.Text;
using Berth.DockerApi.Http;
using Berth.DockerApi.Routing;
using Berth.Engine.Containers;
using Berth.Engine.Runtime.Shim;

namespace Berth.DockerApi.Containers;

/// <summary>logs, attach (a hijacked connection on conmon's attach socket) and resize.</summary>
public sealed class ContainerStreamRoutes(DockerApiContext context)
{
    private ContainerEngine Containers => context.Engine.Containers;

    public void MapTo(RouteTable routes) => routes
        .Map("GET", "/containers/{id}/logs", LogsAsync)
        .Map("POST", "/containers/{id}/attach", AttachAsync)
        .Map("POST", "/containers/{id}/resize", ResizeAsync);

    private async Task LogsAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var record = ContainerLookup.Find(context.Engine, request.Route["id"]);
        var (stdout, stderr) = (request.QueryFlag("stdout"), request.QueryFlag("stderr"));
        if (!stdout && !stderr)
        {
            throw new InvalidArgumentException("Bad parameters: you must choose at least one stream");
        }
        var now = context.Time.GetUtcNow();
        var options = new LogReadOptions
        {
            Follow = request.QueryFlag("follow"),
            Since = request.Query("since") is "0" ? null : PointInTime.Parse(request.Query("since"), now, "since"),
            Until = request.Query("until") is "0" ? null : PointInTime.Parse(request.Query("until"), now, "until"),
            Tail = request.Query("tail") is { } tail && tail != "all" ? int.TryParse(tail, out var n) && n >= 0 ? n : throw new InvalidArgumentException($"invalid tail \"{tail}\"") : null,
        };
        await using var body = await response.StartChunkedAsync(200, record.Terminal ? StreamFramer.RawContentType : StreamFramer.MultiplexedContentType, cancellationToken);
        var framer = new StreamFramer(body, record.Terminal);
        var atLineStart = true;
        await foreach (var entry in Containers.Logs.ReadAsync(record, options, cancellationToken))
        {
            if (entry.IsStderr ? !stderr : !stdout)
            {
                continue;
            }
            var text = request.QueryFlag("timestamps") && atLineStart ? $"{entry.Time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'} {entry.Text}" : entry.Text;
            await framer.WriteAsync(entry.IsStderr ? (byte)2 : (byte)1, Encoding.UTF8.GetBytes(text), cancellationToken);
            atLineStart = !entry.Partial;
        }
    }

    private async Task AttachAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var record = ContainerLookup.Find(context.Engine, request.Route["id"]);
        if (record.Status == ContainerStatus.Exited)
        {
            throw new ConflictException("You cannot attach to a stopped container, start it first");
        }
        AttachSession session;
        try
        {
            session = await AttachSession.ConnectAsync(record.Id, cancellationToken);
        }
        catch (SocketException)
        {
            throw new ConflictException("You cannot attach to a stopped container, start it first");
        }
        using (session)
        {
            var connection = await response.HijackAsync(record.Terminal ? StreamFramer.RawContentType : StreamFramer.MultiplexedContentType, cancellationToken);
            var framer = new StreamFramer(connection, record.Terminal);
            if (request.QueryFlag("stdin") && record.Interactive)
            {
                _ = session.CopyInputAsync(connection, cancellationToken);
            }
            await session.CopyOutputAsync(request.QueryFlag("stdout") ? framer.Stdout : Stream.Null, request.QueryFlag("stderr") ? framer.Stderr : Stream.Null, cancellationToken);
        }
    }

    private async Task ResizeAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var record = ContainerLookup.Find(context.Engine, request.Route["id"]);
        var size = TerminalSizeQuery.Parse(request);
        if (record.Terminal && record.Status is ContainerStatus.Running or ContainerStatus.Created)
        {
            ConmonShim.ResizeTerminal(Containers.Store.PathsOf(record.Id).Directory, size.Rows, size.Columns);
        }
        await response.WriteStatusAsync(200, cancellationToken);
    }
}
