using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.DockerApi.Http;
using Berth.DockerApi.Routing;
using Berth.Engine.Images;
using Berth.Engine.Images.Oci;
using Berth.Engine.Registry;
using Berth.Engine.Space;

namespace Berth.DockerApi.Images;

/// <summary>Images: list, inspect, tag, remove, pull (POST /images/create, with X-Registry-Auth) with Docker's JSON progress stream.</summary>
public sealed class ImageRoutes(DockerApiContext context)
{
    private ImageStore Images => context.Engine.Images;

    public void MapTo(RouteTable routes) => routes
        .Map("GET", "/images/json", ListAsync)
        .Map("POST", "/images/create", PullAsync)
        .Map("GET", "/images/{name*}/json", InspectAsync)
        .Map("GET", "/images/{name*}/history", HistoryAsync)
        .Map("POST", "/images/{name*}/tag", TagAsync)
        .Map("DELETE", "/images/{name*}", RemoveAsync);

    private async Task ListAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var images = await Images.ListAsync(cancellationToken);
        var list = new JsonArray();
        // Without all=1, unnamed images (a build's intermediate steps) stay out, as with dockerd.
        foreach (var image in images.Where(i => i.Names.Count > 0 || request.QueryFlag("all")))
        {
            list.Add((JsonNode)ImageSummaryView.Of(image, containers: -1));
        }
        await response.WriteJsonAsync(200, list, cancellationToken);
    }

    /// <summary>dockerd's history: newest step first, "&lt;missing&gt;" for the ids of steps below the top, Created in Unix seconds.</summary>
    private async Task HistoryAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var image = await FindAsync(request.Route["name"], cancellationToken);
        var entries = await ImageHistory.ReadAsync(Images, image.Id, cancellationToken);
        await response.WriteJsonAsync(200, new JsonArray([.. entries.Select(e => (JsonNode?)new JsonObject
        {
            ["Id"] = e.Id is null ? "<missing>" : "sha256:" + e.Id,
            ["Created"] = e.Created?.ToUnixTimeSeconds() ?? 0,
            ["CreatedBy"] = e.CreatedBy,
            ["Tags"] = e.Tags.Count > 0 ? new JsonArray([.. e.Tags.Select(t => (JsonNode?)t)]) : null,
            ["Size"] = e.Size,
            ["Comment"] = e.Comment,
        })]), cancellationToken);
    }

    private async Task InspectAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var image = await FindAsync(request.Route["name"], cancellationToken);
        var config = await Images.ReadConfigAsync(image, cancellationToken);
        await response.WriteJsonAsync(200, new JsonObject
        {
            ["Id"] = image.Id,
            ["RepoTags"] = new JsonArray([.. image.Names.Select(n => (JsonNode?)n)]),
            ["RepoDigests"] = new JsonArray([.. image.Names.Select(n => (JsonNode?)$"{n[..n.LastIndexOf(':')]}@{image.Manifest}")]),
            ["Parent"] = "",
            ["Comment"] = "",
            ["Created"] = DockerTime.Format(image.Created),
            ["Config"] = JsonSerializer.SerializeToNode(config.Config ?? new OciContainerConfig(), OciJson.Default.OciContainerConfig),
            ["Architecture"] = config.Architecture,
            ["Os"] = config.Os,
            ["Size"] = image.Size,
            ["RootFS"] = new JsonObject
            {
                ["Type"] = config.RootFs.Type,
                ["Layers"] = new JsonArray([.. config.RootFs.DiffIds.Select(d => (JsonNode?)d)]),
            },
            ["Metadata"] = new JsonObject { ["LastTagTime"] = DockerTime.Zero },
        }, cancellationToken);
    }

    private async Task TagAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var repository = request.Query("repo") ?? throw new InvalidArgumentException("repository name (repo) must be given");
        var tag = request.Query("tag") is { Length: > 0 } t ? t : ImageReference.DefaultTag;
        try
        {
            await new ImageTagger(Images).TagAsync(request.Route["name"], $"{repository}:{tag}", cancellationToken);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException($"No such image: {request.Route["name"]}");
        }
        await response.WriteStatusAsync(201, cancellationToken);
    }

    private async Task RemoveAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var remover = new ImageRemover(Images, context.Engine.Containers.Store, new ContainerDirectoryImageUsage(Images.Layout));
        IReadOnlyList<string> lines;
        try
        {
            lines = await remover.RemoveAsync(request.Route["name"], request.QueryFlag("force"), cancellationToken);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException($"No such image: {request.Route["name"]}");
        }
        await response.WriteJsonAsync(200, new JsonArray([.. lines.Select(line => line.Split(": ", 2)).Select(p => (JsonNode?)new JsonObject { [p[0]] = p[1] })]), cancellationToken);
    }

    /// <summary>POST /images/create?fromImage=NAME&amp;tag=TAG: a pull, answered with one JSON progress message per line.</summary>
    private async Task PullAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        if (request.Query("fromSrc") is { Length: > 0 })
        {
            throw new InvalidArgumentException("importing through /images/create (fromSrc) is not supported by Berth yet: use berth image import");
        }
        var from = request.Query("fromImage") ?? throw new InvalidArgumentException("fromImage must be given");
        var tag = request.Query("tag");
        var text = string.IsNullOrEmpty(tag) ? from : tag.StartsWith("sha256:", StringComparison.Ordinal) ? $"{from}@{tag}" : $"{from}:{tag}";
        var reference = RegistryReference.Parse(text);
        var platform = request.Query("platform") is { Length: > 0 } p ? PlatformSpec.Parse(p) : PlatformSpec.Default;
        var connector = new RegistryConnector(AuthFile.Default(), mirrors: RegistryMirrors.Default())
            .WithCredentials(RegistryAuthHeader.Parse(request.Head.Header(RegistryAuthHeader.Name)));
        await using var body = await response.StartChunkedAsync(200, "application/json", cancellationToken);
        var progress = new JsonProgress(body);
        progress.Status($"Pulling from {reference}");
        try
        {
            var image = await new ImagePuller(Images, connector, progress).PullAsync(reference, platform, cancellationToken);
            progress.Status($"Digest: {image.Manifest}");
            progress.Status($"Status: Downloaded newer image for {reference}");
        }
        catch (BerthException e)
        {
            // The head is out: the error travels as the stream's last message, as dockerd sends it.
            progress.Error(e.Message);
        }
        await progress.CompleteAsync();
    }

    private async Task<ImageRecord> FindAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await Images.FindAsync(name, cancellationToken);
        }
        catch (NotFoundException)
        {
            throw new NotFoundException($"No such image: {name}");
        }
    }
}
