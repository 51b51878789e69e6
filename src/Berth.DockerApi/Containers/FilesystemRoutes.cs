using System.Text.Json.Nodes;
using Berth.DockerApi.Http;
using Berth.DockerApi.Routing;
using Berth.Engine.Build;

namespace Berth.DockerApi.Containers;

/// <summary>A container's filesystem as a whole: /changes (`docker diff`), /export (`docker export`) and /commit (`docker commit`).</summary>
public sealed class FilesystemRoutes(DockerApiContext context)
{
    public void MapTo(RouteTable routes) => routes
        .Map("GET", "/containers/{id}/changes", ChangesAsync)
        .Map("GET", "/containers/{id}/export", ExportAsync)
        .Map("POST", "/commit", CommitAsync);

    /// <summary>[{"Path": "/tmp", "Kind": 0}, …]: 0 modified, 1 added, 2 deleted, as dockerd's.</summary>
    private async Task ChangesAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var record = ContainerLookup.Find(context.Engine, request.Route["id"]);
        var changes = await context.Engine.Containers.Changes.ListAsync(record, cancellationToken);
        await response.WriteJsonAsync(200, new JsonArray([.. changes.Select(c => new JsonObject { ["Path"] = c.Path, ["Kind"] = (int)c.Kind })]), cancellationToken);
    }

    private async Task ExportAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var record = ContainerLookup.Find(context.Engine, request.Route["id"]);
        using var files = await context.Engine.Containers.Files.OpenRootfsAsync(record, cancellationToken);
        await using var body = await response.StartChunkedAsync(200, "application/x-tar", cancellationToken);
        await files.ExportAsync(body, cancellationToken);
    }

    /// <summary>?container=&amp;repo=&amp;tag=&amp;comment=&amp;author=&amp;pause=&amp;changes=…: 201 {"Id": "sha256:…"}, as dockerd's (pause by default).</summary>
    private async Task CommitAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var record = ContainerLookup.Find(context.Engine, request.Query("container") ?? "");
        var repo = request.Query("repo") is { Length: > 0 } name ? name : null;
        var image = await context.Engine.Committer.CommitAsync(record, new CommitRequest
        {
            Reference = repo is null ? null : request.Query("tag") is { Length: > 0 } tag ? $"{repo}:{tag}" : repo,
            Message = request.Query("comment"),
            Author = request.Query("author"),
            // The docker CLI sends each --change as its own value; older clients join them with newlines.
            Changes = [.. request.QueryAll("changes").SelectMany(c => c.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
            Pause = request.Query("pause") is null || request.QueryFlag("pause"),
        }, cancellationToken);
        await response.WriteJsonAsync(201, new JsonObject { ["Id"] = image.Id }, cancellationToken);
    }
}
