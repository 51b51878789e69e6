using System.Text.Json.Nodes;
using Berth.DockerApi.Http;
using Berth.DockerApi.Routing;
using Berth.Engine.Containers;
using Berth.Engine.Containers.Restarts;
using Berth.Engine.Runtime;

namespace Berth.DockerApi.Containers;

/// <summary>create, start, stop, restart, kill, pause, unpause, rename, update, remove, prune.</summary>
public sealed class ContainerLifecycleRoutes(DockerApiContext context)
{
    private ContainerEngine Containers => context.Engine.Containers;

    public void MapTo(RouteTable routes) => routes
        .Map("POST", "/containers/create", CreateAsync)
        .Map("POST", "/containers/prune", PruneAsync)
        .Map("POST", "/containers/{id}/start", StartAsync)
        .Map("POST", "/containers/{id}/stop", StopAsync)
        .Map("POST", "/containers/{id}/restart", RestartAsync)
        .Map("POST", "/containers/{id}/kill", KillAsync)
        .Map("POST", "/containers/{id}/pause", (q, r, c) => ChangeAsync(q, r, (record, t) => Containers.Lifecycle.PauseAsync(record, t), c))
        .Map("POST", "/containers/{id}/unpause", (q, r, c) => ChangeAsync(q, r, (record, t) => Containers.Lifecycle.UnpauseAsync(record, t), c))
        .Map("POST", "/containers/{id}/rename", RenameAsync)
        .Map("POST", "/containers/{id}/update", UpdateAsync)
        .Map("DELETE", "/containers/{id}", RemoveAsync);

    private async Task CreateAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonObjectAsync(cancellationToken);
        var create = CreateBody.Read(body, request.Query("name"));
        if (!await ImageExistsAsync(create.Image, cancellationToken))
        {
            // The CLI pulls on exactly this answer, then creates again.
            throw new NotFoundException($"No such image: {create.Image}");
        }
        if (create.NetworkContainer is { } joined)
        {
            create = create with { NetworkContainer = NetworkContainerRule.RunningId(context.Engine, joined) };
        }
        create = create with { Limits = HostBlockIo.Applicable(create.Limits, out var warning) };
        var created = await Containers.Creator.CreateAsync(create, cancellationToken);
        await response.WriteJsonAsync(201, new JsonObject { ["Id"] = created.Id, ["Warnings"] = Warnings(warning) }, cancellationToken);
    }

    private async Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await context.Engine.Images.FindAsync(image, cancellationToken);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }

    private async Task StartAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var record = ContainerLookup.Find(context.Engine, request.Route["id"]);
        if (record.Status is ContainerStatus.Running or ContainerStatus.Paused)
        {
            await response.WriteStatusAsync(304, cancellationToken);
            return;
        }
        NetworkContainerRule.RequireRunning(context.Engine, record);
        var ready = await Containers.Lifecycle.PrepareStartAsync(record, cancellationToken);
        await Containers.Lifecycle.StartAsync(ready, cancellationToken);
        await response.WriteStatusAsync(204, cancellationToken);
    }

    private async Task StopAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var record = ContainerLookup.Find(context.Engine, request.Route["id"]);
        if (record.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
        {
            await response.WriteStatusAsync(304, cancellationToken);
            return;
        }
        await StopAndReleaseAsync(record, Timeout(request), cancellationToken);
        await response.WriteStatusAsync(204, cancellationToken);
    }

    private async Task RestartAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        await Containers.Lifecycle.RestartAsync(ContainerLookup.Find(context.Engine, request.Route["id"]), Timeout(request), cancellationToken);
        await response.WriteStatusAsync(204, cancellationToken);
    }

    private async Task<ContainerRecord> StopAndReleaseAsync(ContainerRecord record, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var stopped = await Containers.Lifecycle.StopAsync(record, timeout, cancellationToken);
        if (Containers.Store.Load(record.Id) is not null)
        {
            await Containers.Cleaner.ReleaseAsync(stopped, cancellationToken);
        }
        return stopped;
    }

    private async Task KillAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var record = ContainerLookup.Find(context.Engine, request.Route["id"]);
        var signal = (request.Query("signal") ?? "KILL").ToUpperInvariant();
        signal = signal.StartsWith("SIG", StringComparison.Ordinal) ? signal[3..] : signal;
        if (record.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
        {
            throw new ConflictException($"cannot kill container: {request.Route["id"]}: container {record.Id} is not running");
        }
        await Containers.Lifecycle.KillAsync(record, signal, cancellationToken);
        await response.WriteStatusAsync(204, cancellationToken);
    }

    private async Task ChangeAsync(HttpRequest request, HttpResponse response, Func<ContainerRecord, CancellationToken, Task<ContainerRecord>> change, CancellationToken cancellationToken)
    {
        await change(ContainerLookup.Find(context.Engine, request.Route["id"]), cancellationToken);
        await response.WriteStatusAsync(204, cancellationToken);
    }

    /// <summary>?name=NEW: 204; a name another container has is a 409, as dockerd's.</summary>
    private async Task RenameAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var record = ContainerLookup.Find(context.Engine, request.Route["id"]);
        var name = request.Query("name") is { Length: > 0 } given ? given.TrimStart('/') : throw new InvalidArgumentException("Neither old nor new names may be empty");
        Containers.Store.Rename(record, name);
        await response.WriteStatusAsync(204, cancellationToken);
    }

    /// <summary>Docker's UpdateConfig: the Resources fields and a RestartPolicy, whose empty name leaves the policy as it is.</summary>
    private async Task UpdateAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var record = ContainerLookup.Find(context.Engine, request.Route["id"]);
        var body = await request.ReadJsonObjectAsync(cancellationToken);
        var policy = body["RestartPolicy"] as JsonObject ?? [];
        var restart = policy["Name"]?.GetValue<string>() is { Length: > 0 } name
            ? RestartPolicy.FromDocker(name, policy["MaximumRetryCount"]?.GetValue<int>() ?? 0)
            : null;
        var limits = HostBlockIo.Applicable(ResourcesBody.Read(body), out var warning);
        await Containers.Updater.UpdateAsync(record, new ContainerUpdate(limits, restart), cancellationToken);
        await response.WriteJsonAsync(200, new JsonObject { ["Warnings"] = Warnings(warning) }, cancellationToken);
    }

    /// <summary>The answer's Warnings, which the docker CLI prints as "WARNING: …" lines.</summary>
    private static JsonArray Warnings(string? warning) => warning is null ? [] : new JsonArray(JsonValue.Create(warning));

    private async Task RemoveAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var record = ContainerLookup.Find(context.Engine, request.Route["id"]);
        var force = request.QueryFlag("force");
        if (!record.Status.CanRemove(force))
        {
            throw new ConflictException(
                $"cannot remove container \"/{record.Name}\": container is {ContainerViews.StateName(record)}: Stop the container before attempting removal or force remove");
        }
        await Containers.Lifecycle.RemoveAsync(record, force, cancellationToken, volumes: request.QueryFlag("v"));
        await response.WriteStatusAsync(204, cancellationToken);
    }

    private async Task PruneAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var report = await new Berth.Engine.Space.ContainerPruner(Containers).PruneAsync(cancellationToken);
        await response.WriteJsonAsync(200, new JsonObject
        {
            ["ContainersDeleted"] = new JsonArray([.. report.Removed.Select(id => (JsonNode?)id)]),
            ["SpaceReclaimed"] = report.ReclaimedBytes,
        }, cancellationToken);
    }

    private static TimeSpan Timeout(HttpRequest request) => TimeSpan.FromSeconds(request.QueryInt("t") is { } seconds and >= 0 ? seconds : 10);
}
