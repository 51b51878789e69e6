using k8s.Models;

namespace Berth.Client.Scheduling;

/// <summary>A pod's priority as admission resolved it into spec.priority; 0 when unset (component-helpers PodPriority).</summary>
public static class PodPriority
{
    public static int Of(V1Pod pod) => pod.Spec?.Priority ?? 0;
}
