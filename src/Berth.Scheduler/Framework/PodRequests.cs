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

    /// <summary>The pod's requests (cpu in milli-cores); summed into sets, as the node's are, without a dictionary per container.</summary>
    public static ResourceSet Compute(V1PodSpec spec, bool nonZero)
    {
        var sum = new ResourceSet();
        foreach (var container in spec.Containers ?? [])
        {
            AddRequests(sum, container, nonZero);
        }
        if (spec.InitContainers is { Count: > 0 } initContainers)
        {
            var sidecars = new ResourceSet();
            var initFloor = new ResourceSet();
            foreach (var container in initContainers)
            {
                var requests = new ResourceSet();
                AddRequests(requests, container, nonZero);
                if (container.RestartPolicy == "Always")
                {
                    sum.Add(requests);
                    sidecars.Add(requests);
                    initFloor.MaxWith(sidecars);
                }
                else
                {
                    requests.Add(sidecars);
                    initFloor.MaxWith(requests);
                }
            }
            sum.MaxWith(initFloor);
        }
        sum.Add(spec.Overhead);
        return sum;
    }

    private static void AddRequests(ResourceSet set, V1Container container, bool nonZero)
    {
        var requests = container.Resources?.Requests;
        set.Add(requests);
        if (nonZero)
        {
            set.MilliCpu += requests?.ContainsKey(ResourceNames.Cpu) == true ? 0 : DefaultMilliCpu;
            set.Memory += requests?.ContainsKey(ResourceNames.Memory) == true ? 0 : DefaultMemory;
        }
    }
}
