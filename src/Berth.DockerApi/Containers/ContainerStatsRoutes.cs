using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Berth.DockerApi.Http;
using Berth.DockerApi.Routing;
using Berth.Engine.Containers;
using Berth.Engine.Stats;

namespace Berth.DockerApi.Containers;

/// <summary>stats (streamed each second, or one reading) and top (the host's ps, filtered to the container).</summary>
public sealed class ContainerStatsRoutes(DockerApiContext context)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private ContainerEngine Containers => context.Engine.Containers;

    public void MapTo(RouteTable routes) => routes
        .Map("GET", "/containers/{id}/stats", StatsAsync)
        .Map("GET", "/containers/{id}/top", TopAsync);

    /// <summary>
    /// As dockerd: stream (the default) sends a reading each second, each with the one before as precpu;
    /// stream=false waits for a second reading so the client can compute CPU %; one-shot=true answers at once.
    /// </summary>
    private async Task StatsAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var record = ContainerLookup.Find(context.Engine, request.Route["id"]);
        var stream = request.Query("stream") is null || request.QueryFlag("stream");
        if (!stream)
        {
            var first = Containers.Sampler.Sample(record);
            if (first is null || request.QueryFlag("one-shot"))
            {
                await response.WriteJsonAsync(200, StatsView.Of(record, first, null), cancellationToken);
                return;
            }
            await Task.Delay(Interval, context.Time, cancellationToken);
            await response.WriteJsonAsync(200, StatsView.Of(record, Containers.Sampler.Sample(Containers.States.Refresh(record)), first), cancellationToken);
            return;
        }
        await using var body = await response.StartChunkedAsync(200, "application/json", cancellationToken);
        ContainerSample? previous = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            record = Containers.States.Refresh(record);
            var sample = Containers.Sampler.Sample(record);
            await body.WriteAsync(Encoding.UTF8.GetBytes(StatsView.Of(record, sample, previous).ToJsonString() + "\n"), cancellationToken);
            previous = sample;
            await Task.Delay(Interval, context.Time, cancellationToken);
        }
    }

    private async Task TopAsync(HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        var record = ContainerLookup.Find(context.Engine, request.Route["id"]);
        var pids = Containers.Top.HostPidsOf(record).ToHashSet();
        var psArgs = request.Query("ps_args") is { Length: > 0 } given ? given : "-ef";
        var table = PsOutput.Filter(await RunPsAsync(psArgs, cancellationToken), pids);
        await response.WriteJsonAsync(200, new JsonObject
        {
            ["Titles"] = new JsonArray([.. table.Titles.Select(t => (JsonNode?)t)]),
            ["Processes"] = new JsonArray([.. table.Processes.Select(p => (JsonNode?)new JsonArray([.. p.Select(f => (JsonNode?)f)]))]),
        }, cancellationToken);
    }

    private static async Task<string> RunPsAsync(string psArgs, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ps") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in psArgs.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            start.ArgumentList.Add(arg);
        }
        using var ps = Process.Start(start)!;
        var output = ps.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = await ps.StandardError.ReadToEndAsync(cancellationToken);
        await ps.WaitForExitAsync(cancellationToken);
        return ps.ExitCode == 0 ? await output : throw new InvalidArgumentException($"ps: {error.Trim()}");
    }
}
