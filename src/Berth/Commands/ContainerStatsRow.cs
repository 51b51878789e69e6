using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Cli.Output;
using Berth.Engine.Containers;
using Berth.Engine.Stats;
using Berth.Timing;

namespace Berth.Cli.Commands;

/// <summary>
/// One line of `stats`: Podman 4.3's fields (ID, Name, CPUPerc, MemUsage, MemPerc, NetIO, BlockIO, PIDS,
/// UpTime, AVGCPU) with its renderings: decimal sizes "used / limit", "--" for nothing to show.
/// </summary>
public sealed class ContainerStatsRow(ContainerRecord container, ContainerSample? sample, double cpuPercent, double averageCpuPercent, bool noTrunc) : ITemplateData
{
    /// <summary>The default columns, as `podman stats` prints them.</summary>
    public const string DefaultFormat = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDS}}\t{{.UpTime}}\t{{.AVGCPU}}";

    private static readonly Dictionary<string, string> Headers = new()
    {
        ["ID"] = "ID",
        ["Name"] = "NAME",
        ["CPUPerc"] = "CPU %",
        ["MemUsage"] = "MEM USAGE / LIMIT",
        ["MemPerc"] = "MEM %",
        ["NetIO"] = "NET IO",
        ["BlockIO"] = "BLOCK IO",
        ["PIDS"] = "PIDS",
        ["UpTime"] = "CPU TIME",
        ["AVGCPU"] = "AVG CPU %",
    };

    public static string HeaderOf(string field) => Headers.TryGetValue(field, out var header) ? header : field.ToUpperInvariant();

    public string? Field(string name) => name switch
    {
        "ID" => noTrunc ? container.Id : container.ShortId,
        "Name" => container.Name,
        "CPUPerc" => Percent(cpuPercent),
        "MemUsage" => Pair(sample?.Memory.WorkingSet ?? 0, sample?.Memory.Limit ?? 0),
        "MemPerc" => Percent(sample?.Memory.Percent ?? 0),
        "NetIO" => Pair(sample?.NetworkRx ?? 0, sample?.NetworkTx ?? 0),
        "BlockIO" => Pair(sample?.BlockRead ?? 0, sample?.BlockWrite ?? 0),
        "PIDS" => sample is { Pids: > 0 } ? sample.Pids.ToString(CultureInfo.InvariantCulture) : "--",
        "UpTime" => GoDuration.Format((long)(sample?.CpuTotal ?? 0)),
        "AVGCPU" => Percent(averageCpuPercent),
        _ => null,
    };

    /// <summary>Podman's JSON fields (libpod's ContainerStats).</summary>
    public JsonObject ToJson() => new()
    {
        ["ContainerID"] = container.Id,
        ["Name"] = container.Name,
        ["PerCPU"] = new JsonArray([.. (sample?.PerCpu ?? []).Select(n => (JsonNode?)n)]),
        ["CPU"] = cpuPercent,
        ["AvgCPU"] = averageCpuPercent,
        ["CPUNano"] = sample?.CpuTotal ?? 0,
        ["CPUSystemNano"] = sample?.CpuKernel ?? 0,
        ["SystemNano"] = sample is null ? 0 : (ulong)(sample.Read.ToUnixTimeMilliseconds() * 1_000_000),
        ["MemUsage"] = sample?.Memory.WorkingSet ?? 0,
        ["MemLimit"] = sample?.Memory.Limit ?? 0,
        ["MemPerc"] = sample?.Memory.Percent ?? 0,
        ["NetInput"] = sample?.NetworkRx ?? 0,
        ["NetOutput"] = sample?.NetworkTx ?? 0,
        ["BlockInput"] = sample?.BlockRead ?? 0,
        ["BlockOutput"] = sample?.BlockWrite ?? 0,
        ["PIDs"] = sample?.Pids ?? 0,
        ["UpTime"] = (long)(sample?.CpuTotal ?? 0),
        ["Duration"] = (long)(sample?.CpuTotal ?? 0),
    };

    /// <summary>"12.34%", or "--" for zero (Podman's floatToPercentString).</summary>
    public static string Percent(double value) => value == 0 ? "--" : value.ToString("F2", CultureInfo.InvariantCulture) + "%";

    /// <summary>"20.5MB / 2.08GB", or "-- / --" when both are zero (Podman's combineHumanValues).</summary>
    public static string Pair(ulong a, ulong b) => a == 0 && b == 0 ? "-- / --" : $"{HumanSize.Format((long)a)} / {HumanSize.Format((long)b)}";
}
