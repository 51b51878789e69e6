using System.Text.Json.Nodes;
using Berth.DockerApi.Containers;
using Berth.DockerApi.Http;
using Berth.DockerApi.Images;
using Berth.DockerApi.Routing;
using Berth.DockerApi.Volumes;
using Berth.Engine.Containers;
using Berth.Engine.Space;

namespace Berth.DockerApi.SystemInfo;

/// <summary>
/// GET /system/df: what `berth system df` measures (<see cref="SpaceUsage"/>), item by item as dockerd lists it:
/// LayersSize (every blob and snapshot), Images with their container counts, Containers with SizeRw, Volumes with
/// UsageData (Size, RefCount); BuildCache is empty (the legacy builder keeps none). The docker CLI sums the rows itself.
/// </summary>
public sealed class DiskUsageRoutes(DockerApiContext context)
{
    public void MapTo(RouteTable routes) => routes.Map("GET", "/system/df", DiskUsageAsync);

    private async Task DiskUsageAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var engine = context.Engine;
        var usage = new SpaceUsage(engine.Images, engine.Containers);
        var containers = engine.Containers.States.ListRefreshed();
        var images = await engine.Images.ListAsync(cancellationToken);
        var now = context.Time.GetUtcNow();
        await response.WriteJsonAsync(200, new JsonObject
        {
            ["LayersSize"] = usage.StoredBytes(),
            ["Images"] = new JsonArray([.. images.Select(i => (JsonNode?)ImageSummaryView.Of(i, containers.Count(c => c.ImageId == i.Id)))]),
            ["Containers"] = new JsonArray([.. containers.Select(c => (JsonNode?)WithSize(ContainerViews.Summary(c, now, engine.Containers.Health.StatusOf(c)), usage.ContainerSize(c)))]),
            ["Volumes"] = new JsonArray([.. usage.VolumeSizes(containers).Select(v =>
            {
                var view = VolumeRoutes.View(v.Volume);
                view["UsageData"] = new JsonObject { ["Size"] = v.Size, ["RefCount"] = v.Users };
                return (JsonNode?)view;
            })]),
            ["BuildCache"] = new JsonArray(),
        }, cancellationToken);
    }

    private static JsonObject WithSize(JsonObject summary, long size)
    {
        summary["SizeRw"] = size;
        summary["SizeRootFs"] = size;
        return summary;
    }
}
