using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine;
using Berth.Engine.Runtime;

namespace Berth.DockerApi.Containers;

/// <summary>
/// Docker's container.Resources fields (in HostConfig on create, at the top of POST /containers/{id}/update's UpdateConfig)
/// as <see cref="ResourceLimits"/>: 0 and "" are "not set", as dockerd reads them; MemorySwap and PidsLimit may be -1 (unlimited).
/// </summary>
public static class ResourcesBody
{
    public static ResourceLimits Read(JsonObject body)
    {
        var nanoCpus = Number<long>(body, "NanoCpus");
        if (nanoCpus > 0 && (Number<long>(body, "CpuQuota") > 0 || Number<long>(body, "CpuPeriod") > 0))
        {
            throw new InvalidArgumentException("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        }
        return new ResourceLimits(Positive(Number<long>(body, "Memory")), nanoCpus > 0 ? nanoCpus / 1e9 : null, Limit(Number<long>(body, "PidsLimit")),
            Positive(Number<ulong>(body, "CpuShares")))
        {
            CpuPeriod = Positive(Number<ulong>(body, "CpuPeriod")),
            CpuQuota = Positive(Number<long>(body, "CpuQuota")),
            CpusetCpus = Text(body, "CpusetCpus"),
            CpusetMems = Text(body, "CpusetMems"),
            MemoryReservation = Positive(Number<long>(body, "MemoryReservation")),
            MemorySwap = Limit(Number<long>(body, "MemorySwap")),
            BlkioWeight = Positive(Number<ushort>(body, "BlkioWeight")),
        };
    }

    private static T Number<T>(JsonObject body, string field) where T : struct, System.Numerics.INumber<T>
    {
        try
        {
            return body[field] is JsonValue value ? value.GetValue<T>() : T.Zero;
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException or JsonException)
        {
            throw new InvalidArgumentException($"invalid {field}: {body[field]?.ToJsonString()} is not a number in range");
        }
    }

    private static T? Positive<T>(T value) where T : struct, System.Numerics.INumber<T> => value > T.Zero ? value : null;

    /// <summary>A limit where -1 is "unlimited" and 0 "not set".</summary>
    private static long? Limit(long value) => value is > 0 or -1 ? value : null;

    private static string? Text(JsonObject body, string field) => body[field]?.GetValue<string>() is { Length: > 0 } text ? text : null;
}
