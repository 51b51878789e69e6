using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Berth.DockerApi.Http;
using Berth.DockerApi.Routing;
using Berth.Engine.Containers;
using Berth.Engine.Events;

namespace Berth.DockerApi.SystemInfo;

/// <summary>
/// GET /events: the engine root's events (the same file `berth events` reads, so what the CLI does shows here too) as
/// dockerd streams them, one JSON message a line: from since (else from now on) until until (else until the client goes).
/// </summary>
public sealed class EventRoutes(DockerApiContext context)
{
    public void MapTo(RouteTable routes) => routes.Map("GET", "/events", EventsAsync);

    private async Task EventsAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var now = context.Time.GetUtcNow();
        var filters = FilterQuery.Parse(request.Query("filters"), EventFilter.Keys);
        if (filters.TryGetValue("event", out var actions))
        {
            filters["event"] = [.. actions.Select(PodmanStatus)];
        }
        var matches = new EventFilter(filters);
        var from = PointInTime.Parse(request.Query("since"), now, "since") ?? now;
        var to = PointInTime.Parse(request.Query("until"), now, "until");
        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (to is { } end)
        {
            window.CancelAfter(end > now ? end - now : TimeSpan.Zero);
        }
        await using var body = await response.StartChunkedAsync(200, "application/json", cancellationToken);
        await foreach (var e in context.Engine.Containers.Events.FollowAsync(window.Token))
        {
            if (e.Time >= from && (to is null || e.Time <= to) && matches.Matches(e))
            {
                await body.WriteAsync(Encoding.UTF8.GetBytes(Message(e).ToJsonString() + "\n"), cancellationToken);
            }
        }
    }

    /// <summary>
    /// dockerd's message: Type, Action, Actor {ID, Attributes}, scope, time and timeNano, with the legacy status, id and from. A
    /// network's Actor is the network, also for a connection, whose event names the container.
    /// </summary>
    public static JsonObject Message(EngineEvent e)
    {
        var action = DockerAction(e);
        var attributes = new JsonObject();
        var actorId = e.Id ?? e.Name ?? "";
        switch (e.Type)
        {
            case "container":
                foreach (var (key, value) in e.Attributes ?? new Dictionary<string, string>())
                {
                    attributes[key] = value;
                }
                attributes["image"] = e.Image;
                attributes["name"] = e.Name;
                if (e.ContainerExitCode is { } code)
                {
                    attributes["exitCode"] = code.ToString(CultureInfo.InvariantCulture);
                }
                break;
            case "volume":
                actorId = e.Name ?? "";
                attributes["driver"] = "local";
                break;
            case "network" when e.Status is "connect" or "disconnect":
                actorId = e.NetworkId ?? e.Network ?? "";
                attributes["container"] = e.Id;
                attributes["name"] = e.Network;
                attributes["type"] = "bridge";
                break;
            case "network":
                attributes["name"] = e.Network;
                attributes["type"] = "bridge";
                break;
            default:
                attributes["name"] = e.Name;
                break;
        }
        var nanoseconds = (e.Time - DateTimeOffset.UnixEpoch).Ticks * 100;
        var message = new JsonObject();
        if (e.Type is "container" or "image")
        {
            message["status"] = action;
            message["id"] = actorId;
            if (e.Type == "container")
            {
                message["from"] = e.Image;
            }
        }
        message["Type"] = e.Type;
        message["Action"] = action;
        message["Actor"] = new JsonObject { ["ID"] = actorId, ["Attributes"] = attributes };
        message["scope"] = "local";
        message["time"] = nanoseconds / 1_000_000_000;
        message["timeNano"] = nanoseconds;
        return message;
    }

    /// <summary>Podman's statuses under dockerd's names: a container dies and is destroyed, an image is deleted.</summary>
    private static string DockerAction(EngineEvent e) => (e.Type, e.Status) switch
    {
        ("container", "died") => "die",
        ("container", "remove") => "destroy",
        ("container", "health_status") => $"health_status: {e.HealthStatus}",
        ("image", "remove") => "delete",
        ("network", "remove") => "destroy",
        _ => e.Status,
    };

    private static string PodmanStatus(string dockerAction) => dockerAction switch
    {
        "die" => "died",
        "destroy" or "delete" => "remove",
        _ when dockerAction.StartsWith("health_status", StringComparison.Ordinal) => "health_status",
        _ => dockerAction,
    };
}
