using System.Text.Json.Nodes;
using Berth.DockerApi.Http;
using Berth.DockerApi.Routing;
using Berth.Engine.Containers;
using Berth.Engine.Runtime;

namespace Berth.DockerApi.Containers;

/// <summary>exec create, start (hijacked, multiplexed), inspect and resize.</summary>
public sealed class ExecRoutes(DockerApiContext context)
{
    public void MapTo(RouteTable routes) => routes
        .Map("POST", "/containers/{id}/exec", CreateAsync)
        .Map("POST", "/exec/{id}/start", StartAsync)
        .Map("GET", "/exec/{id}/json", InspectAsync)
        .Map("POST", "/exec/{id}/resize", ResizeAsync);

    private async Task CreateAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var record = ContainerLookup.Find(context.Engine, request.Route["id"]);
        var body = await request.ReadJsonObjectAsync(cancellationToken);
        if (record.Status != ContainerStatus.Running)
        {
            throw new ConflictException($"container {record.Id} is not running");
        }
        var command = body["Cmd"] is JsonArray cmd ? cmd.Select(c => c?.GetValue<string>() ?? "").ToList() : [];
        if (command.Count == 0)
        {
            throw new InvalidArgumentException("No exec command specified");
        }
        if (body["Privileged"]?.GetValue<bool>() == true)
        {
            throw new InvalidArgumentException("privileged exec is not supported by Berth");
        }
        var session = new ExecSession(ExecSessions.NewId(), record.Id, new ExecOptions(command)
        {
            Interactive = body["AttachStdin"]?.GetValue<bool>() ?? false,
            Tty = body["Tty"]?.GetValue<bool>() ?? false,
            Env = body["Env"] is JsonArray env ? env.Select(e => e?.GetValue<string>() ?? "").ToList() : [],
            WorkingDir = body["WorkingDir"]?.GetValue<string>() is { Length: > 0 } dir ? dir : null,
            User = body["User"]?.GetValue<string>() is { Length: > 0 } user ? user : null,
        })
        {
            AttachStdout = body["AttachStdout"]?.GetValue<bool>() ?? false,
            AttachStderr = body["AttachStderr"]?.GetValue<bool>() ?? false,
        };
        ResizeTo(session, body);
        context.Execs.Add(session);
        await response.WriteJsonAsync(201, new JsonObject { ["Id"] = session.Id }, cancellationToken);
    }

    private async Task StartAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var session = context.Execs.Find(request.Route["id"]);
        var body = await request.ReadJsonObjectAsync(cancellationToken);
        if (session.Started)
        {
            throw new ConflictException($"exec {session.Id} has already started");
        }
        var record = ContainerLookup.Find(context.Engine, session.ContainerId);
        ContainerStatusRules.Require(record.Status.CanExec(), record, "exec into");
        session.Started = true;
        session.Running = true;
        ResizeTo(session, body);
        var tty = session.Options.Tty;
        if (body["Detach"]?.GetValue<bool>() == true)
        {
            _ = RunAsync(session, record, new ExecStreams(null, Stream.Null, Stream.Null)
            {
                TerminalSizes = tty ? session.TerminalSizes(CancellationToken.None) : null,
                FirstSizePatience = TimeSpan.Zero,
            }, CancellationToken.None);
            await response.WriteStatusAsync(200, cancellationToken);
            return;
        }
        // With a terminal there is one raw stream, the terminal's, as dockerd sends it (stderr is the terminal too).
        var connection = await response.HijackAsync(tty ? StreamFramer.RawContentType : StreamFramer.MultiplexedContentType, cancellationToken);
        var framer = new StreamFramer(connection, raw: tty);
        var streams = new ExecStreams(
            session.Options.Interactive ? connection : null,
            session.AttachStdout ? framer.Stdout : Stream.Null,
            session.AttachStderr && !tty ? framer.Stderr : Stream.Null)
        {
            TerminalSizes = tty ? session.TerminalSizes(cancellationToken) : null,
            FirstSizePatience = TimeSpan.Zero,
        };
        var result = await RunAsync(session, record, streams, cancellationToken);
        if (result.RuntimeError is { } error && session.AttachStderr)
        {
            await framer.WriteAsync(2, System.Text.Encoding.UTF8.GetBytes($"Error: {error}\n"), cancellationToken);
        }
    }

    private async Task<ExecResult> RunAsync(ExecSession session, ContainerRecord record, ExecStreams streams, CancellationToken cancellationToken)
    {
        try
        {
            var result = await context.Engine.Containers.Lifecycle.ExecAsync(record, session.Options, streams, cancellationToken);
            session.ExitCode = result.ExitCode;
            return result;
        }
        catch (BerthException e)
        {
            session.ExitCode = e.ExitCode;
            return new ExecResult(e.ExitCode, e.Message);
        }
        finally
        {
            session.Running = false;
        }
    }

    private async Task InspectAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var session = context.Execs.Find(request.Route["id"]);
        await response.WriteJsonAsync(200, new JsonObject
        {
            ["ID"] = session.Id,
            ["ContainerID"] = session.ContainerId,
            ["Running"] = session.Running,
            ["ExitCode"] = session.ExitCode,
            ["OpenStdin"] = session.Options.Interactive,
            ["OpenStdout"] = session.AttachStdout,
            ["OpenStderr"] = session.AttachStderr,
            ["Pid"] = 0,
            ["ProcessConfig"] = new JsonObject
            {
                ["tty"] = session.Options.Tty,
                ["entrypoint"] = session.Options.Args[0],
                ["arguments"] = new JsonArray([.. session.Options.Args.Skip(1).Select(a => (JsonNode?)a)]),
                ["user"] = session.Options.User ?? "",
            },
        }, cancellationToken);
    }

    private async Task ResizeAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var session = context.Execs.Find(request.Route["id"]);
        var size = TerminalSizeQuery.Parse(request);
        if (session.Options.Tty)
        {
            session.Resize(size);
        }
        await response.WriteStatusAsync(200, cancellationToken);
    }

    /// <summary>ConsoleSize [rows, columns] in an exec's create or start body (API 1.42+): the terminal's first size.</summary>
    private static void ResizeTo(ExecSession session, JsonObject body)
    {
        if (session.Options.Tty && body["ConsoleSize"] is JsonArray { Count: 2 } size
            && size[0]?.GetValue<int>() is int rows and > 0 && size[1]?.GetValue<int>() is int columns and > 0)
        {
            session.Resize(new TerminalSize(rows, columns));
        }
    }
}
