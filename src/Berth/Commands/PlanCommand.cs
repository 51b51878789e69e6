using System.CommandLine;
using System.Globalization;
using System.Reflection;
using Berth.ApiServer.Http;
using Berth.ApiServer.Rest;
using Berth.Cli.Output;
using Berth.Client.Rest;
using Berth.Scheduler;
using Berth.Scheduler.Planning;

namespace Berth.Cli.Commands;

/// <summary>
/// `berth plan -f FILE`: where the scheduler would place the pods a manifest makes, without
/// creating or binding anything (Nomad's `job plan`). Runs on a server's machine: it reads the
/// cluster through DATA/server/api.sock as the admin. Exits 1 when some pod fits nowhere.
/// </summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var file = new Option<string>("--filename", "-f") { Description = "Manifest to plan (- reads standard input)", Required = true };
        var dataDir = new Option<string>("--data-dir") { Description = "The server's state directory", DefaultValueFactory = _ => "/var/lib/berth" };
        var ns = new Option<string>("--namespace", "-n") { Description = "Namespace of objects that name none", DefaultValueFactory = _ => "default" };
        var explain = new Option<bool>("--explain") { Description = "Also print every node's score or the reason it was turned down" };
        var command = new Command("plan", "Show where the scheduler would place a manifest's pods, binding nothing") { file, dataDir, ns, explain };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var manifest = path == "-" ? await Console.In.ReadToEndAsync(cancellationToken) : await ReadFileAsync(path, cancellationToken);
            using var client = Connect(Path.GetFullPath(parse.GetValue(dataDir)!));
            try
            {
                var documents = YamlBody.Documents(manifest);
                var pods = await new ManifestPods(client, parse.GetValue(ns)!).FromAsync(documents, cancellationToken);
                var snapshot = await SnapshotLoader.LoadAsync(client, cancellationToken);
                var placements = new PlacementPlanner(new SchedulerOptions()).Plan(snapshot, pods);
                Print(placements, parse.GetValue(explain));
                return placements.All(p => p.Node is not null) ? ExitCodes.Success : 1;
            }
            catch (Exception ex) when (ex is PlanException or ApiException or ApiStatusException)
            {
                throw new BerthException($"plan: {ex.Message}", inner: ex);
            }
            catch (HttpRequestException ex)
            {
                throw new BerthException($"plan: cannot reach the server through {parse.GetValue(dataDir)}/server/api.sock: {ex.Message}", inner: ex);
            }
        });
        return command;
    }

    private static async Task<string> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BerthException($"plan: {ex.Message}", inner: ex);
        }
    }

    private static ApiClient Connect(string dataDir)
    {
        var serverDir = Path.Combine(dataDir, "server");
        string token;
        try
        {
            token = File.ReadAllText(Path.Combine(serverDir, "admin-token")).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BerthException($"plan: no Berth server state in {dataDir} ({ex.Message})", inner: ex);
        }
        var version = typeof(PlanCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        return new ApiClient(ApiConnection.OverUnixSocket(Path.Combine(serverDir, "api.sock"), token, $"berth-plan/{version}"));
    }

    private static void Print(IReadOnlyList<Placement> placements, bool explain)
    {
        var rows = new List<string[]> { new[] { "POD", "NODE", "SCORE", "REASON" } };
        rows.AddRange(placements.Select(p => new[]
        {
            p.Pod,
            p.Node ?? "<none>",
            p.Scores.FirstOrDefault(s => s.Node == p.Node) is { } score ? score.Total.ToString(CultureInfo.InvariantCulture) : p.Node is null ? "" : "-",
            p.Node is null ? p.Message : "",
        }));
        TextTable.Write(rows);
        if (!explain)
        {
            return;
        }
        foreach (var placement in placements)
        {
            Console.WriteLine();
            Console.WriteLine($"{placement.Pod}:");
            var nodes = new List<string[]> { new[] { "  NODE", "SCORE", "DETAIL" } };
            nodes.AddRange(placement.Scores.Select(s => new[]
            {
                $"  {s.Node}",
                s.Total.ToString(CultureInfo.InvariantCulture),
                string.Join(", ", (s.ByPlugin ?? new Dictionary<string, long>()).Select(b => $"{b.Key} {b.Value}")),
            }));
            nodes.AddRange(placement.Rejections.Select(r => new[] { $"  {r.Node}", "-", r.Reason }));
            TextTable.Write(nodes);
        }
    }
}
