using Berth.Client.Resources;
using k8s.Models;

namespace Berth.Scheduler.Framework;

/// <summary>
/// What a pod asks of its node, as k8s.io/component-helpers/resource PodRequests computes it: the
/// containers' requests summed; each init container's request (plus the restartable init
/// containers, sidecars, started before it) as a floor; sidecars added to the sum; the pod's
/// overhead on top. The non-zero variant gives every container without a CPU or memory request
/// 100m and 200Mi (schedutil's defaults), so scoring still spreads best-effort pods.
/// </summary>
public static class PodRequests
{
    public const long DefaultMilliCpu = 100;
    public const long DefaultMemory = 200L * 1024 * 1024;

    /// <summary>Requests by resource name (cpu in milli-cores).</summary>
    public static Dictionary<string, long> Compute(V1PodSpec spec, bool nonZero)
    {
        var sum = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var container in spec.Containers ?? [])
        {
            AddTo(sum, Requests(container, nonZero));
        }
        var sidecars = new Dictionary<string, long>(StringComparer.Ordinal);
        var initFloor = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var container in spec.InitContainers ?? [])
        {
            var requests = Requests(container, nonZero);
            Dictionary<string, long> whileRunning;
            if (container.RestartPolicy == "Always")
            {
                AddTo(sum, requests);
                AddTo(sidecars, requests);
                whileRunning = sidecars;
            }
            else
            {
                whileRunning = new Dictionary<string, long>(requests, StringComparer.Ordinal);
                AddTo(whileRunning, sidecars);
            }
            MaxInto(initFloor, whileRunning);
        }
        MaxInto(sum, initFloor);
        if (spec.Overhead is { } overhead)
        {
            foreach (var (name, quantity) in overhead)
            {
                sum[name] = sum.GetValueOrDefault(name) + Quantities.For(name, quantity);
            }
        }
        return sum;
    }

    private static Dictionary<string, long> Requests(V1Container container, bool nonZero)
    {
        var requests = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, quantity) in container.Resources?.Requests ?? new Dictionary<string, ResourceQuantity>())
        {
            requests[name] = Quantities.For(name, quantity);
        }
        if (nonZero)
        {
            requests.TryAdd(ResourceNames.Cpu, DefaultMilliCpu);
            requests.TryAdd(ResourceNames.Memory, DefaultMemory);
        }
        return requests;
    }

    private static void AddTo(Dictionary<string, long> target, Dictionary<string, long> add)
    {
        foreach (var (name, value) in add)
        {
            target[name] = target.GetValueOrDefault(name) + value;
        }
    }

    private static void MaxInto(Dictionary<string, long> target, Dictionary<string, long> other)
    {
        foreach (var (name, value) in other)
        {
            if (!target.TryGetValue(name, out var current) || value > current)
            {
                target[name] = value;
            }
        }
    }
}
