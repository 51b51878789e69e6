using System.Text.Json.Nodes;
using Berth.DockerApi.Http;
using Berth.Engine.Containers;
using Berth.Engine.Stats;

namespace Berth.DockerApi.Containers;

/// <summary>
/// A reading as dockerd's stats JSON (types/container StatsResponse, Linux fields): the docker CLI computes
/// CPU % from cpu_stats against precpu_stats, memory from usage less stats.total_inactive_file.
/// </summary>
public static class StatsView
{
    public static JsonObject Of(ContainerRecord container, ContainerSample? sample, ContainerSample? previous)
    {
        var view = new JsonObject
        {
            ["name"] = "/" + container.Name,
            ["id"] = container.Id,
            ["read"] = DockerTime.Format(sample?.Read),
            ["preread"] = DockerTime.Format(previous?.Read),
            ["pids_stats"] = sample is null ? new JsonObject() : PidsOf(sample),
            ["blkio_stats"] = BlkioOf(sample),
            ["num_procs"] = 0,
            ["storage_stats"] = new JsonObject(),
            ["cpu_stats"] = CpuOf(sample),
            ["precpu_stats"] = CpuOf(previous),
            ["memory_stats"] = sample is null ? new JsonObject() : MemoryOf(sample.Memory),
        };
        if (sample?.Networks is { } networks)
        {
            view["networks"] = new JsonObject(networks.Select(n => KeyValuePair.Create(n.Key, (JsonNode?)new JsonObject
            {
                ["rx_bytes"] = n.Value.RxBytes,
                ["rx_packets"] = n.Value.RxPackets,
                ["rx_errors"] = n.Value.RxErrors,
                ["rx_dropped"] = n.Value.RxDropped,
                ["tx_bytes"] = n.Value.TxBytes,
                ["tx_packets"] = n.Value.TxPackets,
                ["tx_errors"] = n.Value.TxErrors,
                ["tx_dropped"] = n.Value.TxDropped,
            })));
        }
        return view;
    }

    private static JsonObject PidsOf(ContainerSample sample)
    {
        var pids = new JsonObject { ["current"] = sample.Pids };
        if (sample.PidsLimit is { } limit)
        {
            pids["limit"] = limit;
        }
        return pids;
    }

    private static JsonObject BlkioOf(ContainerSample? sample) => new()
    {
        ["io_service_bytes_recursive"] = sample is null
            ? null
            : new JsonArray([.. sample.BlockIo.Select(e => (JsonNode?)new JsonObject { ["major"] = e.Major, ["minor"] = e.Minor, ["op"] = e.Op, ["value"] = e.Value })]),
        ["io_serviced_recursive"] = null,
        ["io_queue_recursive"] = null,
        ["io_service_time_recursive"] = null,
        ["io_wait_time_recursive"] = null,
        ["io_merged_recursive"] = null,
        ["io_time_recursive"] = null,
        ["sectors_recursive"] = null,
    };

    private static JsonObject CpuOf(ContainerSample? sample)
    {
        var usage = new JsonObject
        {
            ["total_usage"] = sample?.CpuTotal ?? 0,
            ["usage_in_kernelmode"] = sample?.CpuKernel ?? 0,
            ["usage_in_usermode"] = sample?.CpuUser ?? 0,
        };
        if (sample is { PerCpu.Count: > 0 })
        {
            usage["percpu_usage"] = new JsonArray([.. sample.PerCpu.Select(n => (JsonNode?)n)]);
        }
        var cpu = new JsonObject
        {
            ["cpu_usage"] = usage,
            ["throttling_data"] = new JsonObject { ["periods"] = 0, ["throttled_periods"] = 0, ["throttled_time"] = 0 },
        };
        if (sample is not null)
        {
            cpu["system_cpu_usage"] = sample.SystemCpu;
            cpu["online_cpus"] = sample.OnlineCpus;
        }
        return cpu;
    }

    private static JsonObject MemoryOf(MemorySample memory) => new()
    {
        ["usage"] = memory.Usage,
        ["max_usage"] = memory.MaxUsage,
        ["stats"] = new JsonObject(memory.Stats.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))),
        ["failcnt"] = memory.Failcnt,
        ["limit"] = memory.Limit,
    };
}
