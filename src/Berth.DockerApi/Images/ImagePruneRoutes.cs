using System.Text.Json.Nodes;
using Berth.DockerApi.Http;
using Berth.DockerApi.Routing;
using Berth.Engine.Images;
using Berth.Engine.Space;

namespace Berth.DockerApi.Images;

/// <summary>POST /images/prune: `image prune` with dockerd's filters (<see cref="ImagePruneFilter"/>); answers ImagesDeleted (Untagged names, Deleted ids) and SpaceReclaimed.</summary>
public sealed class ImagePruneRoutes(DockerApiContext context)
{
    private ImageStore Images => context.Engine.Images;

    public void MapTo(RouteTable routes) => routes.Map("POST", "/images/prune", PruneAsync);

    private async Task PruneAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var filter = ImagePruneFilter.Parse(request.Query("filters"), context.Time.GetUtcNow());
        var names = (await Images.ListAsync(cancellationToken)).ToDictionary(i => i.HexId, i => i.Names);
        var pruner = new ImagePruner(Images, context.Engine.Containers.Store, new ContainerDirectoryImageUsage(Images.Layout));
        var report = await pruner.PruneAsync(!filter.DanglingOnly, async (image, token) =>
        {
            var labels = filter.NeedsLabels ? (await Images.ReadConfigAsync(image, token)).Config?.Labels : null;
            return filter.Matches(image.Created, labels ?? new Dictionary<string, string>());
        }, cancellationToken);
        var deleted = new JsonArray();
        foreach (var id in report.Removed)
        {
            foreach (var name in names.GetValueOrDefault(id) ?? [])
            {
                deleted.Add((JsonNode)new JsonObject { ["Untagged"] = name });
            }
            deleted.Add((JsonNode)new JsonObject { ["Deleted"] = "sha256:" + id });
        }
        await response.WriteJsonAsync(200, new JsonObject
        {
            ["ImagesDeleted"] = deleted.Count > 0 ? deleted : null,
            ["SpaceReclaimed"] = report.ReclaimedBytes,
        }, cancellationToken);
    }
}
