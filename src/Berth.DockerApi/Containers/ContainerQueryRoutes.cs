using System.Text.Json.Nodes;
using Berth.DockerApi.Http;
using Berth.DockerApi.Routing;
using Berth.Engine.Containers;
using Berth.Engine.Store;

namespace Berth.DockerApi.Containers;

/// <summary>list, inspect and wait.</summary>
public sealed class ContainerQueryRoutes(DockerApiContext context)
{
    private ContainerEngine Containers => context.Engine.Containers;

    public void MapTo(RouteTable routes) => routes
        .Map("GET", "/containers/json", ListAsync)
        .Map("GET", "/containers/{id}/json", InspectAsync)
        .Map("POST", "/containers/{id}/wait", WaitAsync);

    private async Task ListAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var filter = ContainerFilter.Parse(request.Query("filters"), Containers.Health.StatusOf);
        var now = context.Time.GetUtcNow();
        var containers = Containers.States.ListRefreshed()
            .Where(c => request.QueryFlag("all") || c.Status is ContainerStatus.Running or ContainerStatus.Paused || c.Restarting || filter.HasStatusFilter)
            .Where(filter.Matches)
            .OrderByDescending(c => c.Created)
            .Take(request.QueryInt("limit") is > 0 and var limit ? limit : int.MaxValue);
        await response.WriteJsonAsync(200, new JsonArray([.. containers.Select(c => (JsonNode?)ContainerViews.Summary(c, now, Containers.Health.StatusOf(c)))]), cancellationToken);
    }

    private async Task InspectAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var container = ContainerLookup.Find(context.Engine, request.Route["id"]);
        await response.WriteJsonAsync(200, ContainerViews.Inspect(container, Containers.Health.Read(container.Id)), cancellationToken);
    }

    /// <summary>
    /// Docker's wait conditions: not-running (now if it is not running), next-exit (the end of the next
    /// run), removed (its removal). The head goes out at once, as dockerd sends it: the CLI waits for it
    /// before it starts the container, then reads the exit code from the body.
    /// </summary>
    private async Task WaitAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var record = ContainerLookup.Find(context.Engine, request.Route["id"]);
        var condition = request.Query("condition") is { Length: > 0 } given ? given : "not-running";
        if (condition is not ("not-running" or "next-exit" or "removed"))
        {
            throw new InvalidArgumentException($"invalid condition: \"{condition}\"");
        }
        // An --rm container waited for until removed: this server, not the shim's exit command, removes
        // it, once it has read the exit code (as a foreground `berth run --rm` does).
        using var removal = condition == "removed" && record.AutoRemove ? Containers.Store.TryLockAttached(record.Id) : null;
        await using var body = await response.StartChunkedAsync(200, "application/json", cancellationToken);
        var code = await ExitCodeAsync(record, condition, cancellationToken);
        if (condition == "removed")
        {
            if (removal is not null && Containers.Store.Load(record.Id) is { } exited)
            {
                await Containers.Lifecycle.RemoveAsync(Containers.States.Refresh(exited), force: true, cancellationToken);
            }
            await WaitRemovedAsync(record, cancellationToken);
        }
        await body.WriteAsync(System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["StatusCode"] = code }.ToJsonString() + "\n"), cancellationToken);
    }

    private async Task<int> ExitCodeAsync(ContainerRecord record, string condition, CancellationToken cancellationToken)
    {
        if (condition == "not-running" && record.Status is ContainerStatus.Created or ContainerStatus.Exited)
        {
            return record.ExitCode ?? 0;
        }
        if (condition == "next-exit" && record.Status == ContainerStatus.Exited)
        {
            // The next run begins when a start clears the last run's exit file.
            using var watch = new DirectoryWatch(Containers.Store.PathsOf(record.Id).Directory);
            while (Containers.States.HasExited(record) && Containers.Store.Load(record.Id) is not null)
            {
                await watch.WaitAsync(cancellationToken);
            }
        }
        try
        {
            return (await Containers.Lifecycle.WaitAsync(record, cancellationToken)).ExitCode ?? 0;
        }
        catch (NotFoundException)
        {
            // Removed before its exit could be read (rm -f of a running container): Docker's answer then.
            return 137;
        }
    }

    private async Task WaitRemovedAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        using var watch = new DirectoryWatch(Containers.Store.Root);
        while (Containers.Store.Load(record.Id) is not null)
        {
            await watch.WaitAsync(cancellationToken);
        }
    }
}
