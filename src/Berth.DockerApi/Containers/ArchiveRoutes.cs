using System.Text;
using System.Text.Json.Nodes;
using Berth.DockerApi.Http;
using Berth.DockerApi.Routing;
using Berth.Engine.Containers.Files;

namespace Berth.DockerApi.Containers;

/// <summary>HEAD/GET/PUT /containers/{id}/archive: what `docker cp` uses both ways.</summary>
public sealed class ArchiveRoutes(DockerApiContext context)
{
    public const string StatHeader = "X-Docker-Container-Path-Stat";

    public void MapTo(RouteTable routes) => routes
        .Map("GET", "/containers/{id}/archive", GetAsync)
        .Map("PUT", "/containers/{id}/archive", PutAsync);

    /// <summary>The path's stat in the header; for GET (not HEAD) its tar as the body.</summary>
    private async Task GetAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var path = PathOf(request);
        var record = ContainerLookup.Find(context.Engine, request.Route["id"]);
        using var files = await context.Engine.Containers.Files.OpenAsync(record, cancellationToken);
        response.Headers[StatHeader] = Encode(files.Stat(path));
        if (request.Head.Method == "HEAD")
        {
            await response.WriteStatusAsync(200, cancellationToken);
            return;
        }
        await using var body = await response.StartChunkedAsync(200, "application/x-tar", cancellationToken);
        await files.WriteArchiveAsync(path, body, cancellationToken);
    }

    private async Task PutAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var path = PathOf(request);
        var record = ContainerLookup.Find(context.Engine, request.Route["id"]);
        using var files = await context.Engine.Containers.Files.OpenAsync(record, cancellationToken);
        // `docker cp -a` asks for the container's user; without it dockerd keeps the owners the archive carries.
        var ownership = request.QueryFlag("copyUIDGID") ? TarOwnership.Of(files.User) : TarOwnership.FromArchive;
        await files.ExtractAsync(path, request.Body, ownership, cancellationToken);
        await response.WriteStatusAsync(200, cancellationToken);
    }

    private static string PathOf(HttpRequest request) =>
        request.Query("path") is { Length: > 0 } path ? path : throw new InvalidArgumentException("Bad parameter: path cannot be empty");

    private static string Encode(ContainerPathStat stat) => Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject
    {
        ["name"] = stat.Name,
        ["size"] = stat.Size,
        ["mode"] = stat.Mode,
        ["mtime"] = DockerTime.Format(stat.Modified),
        ["linkTarget"] = stat.LinkTarget,
    }.ToJsonString()));
}
