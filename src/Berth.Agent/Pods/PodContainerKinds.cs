using k8s.Models;

namespace Berth.Agent.Pods;

/// <summary>
/// The kinds of a pod's containers as the kubelet tells them apart: init containers run one at a
/// time to completion before the app containers, except sidecars (an init container with
/// restartPolicy Always, kube 1.29+), which keep running beside them.
/// </summary>
public static class PodContainerKinds
{
    public static bool IsSidecar(V1Container container) => container.RestartPolicy == "Always";

    public static IEnumerable<V1Container> InitContainers(V1Pod pod) => pod.Spec.InitContainers ?? [];

    /// <summary>The spec of the pod's app or init container with this name, if it has one.</summary>
    public static V1Container? SpecOf(V1Pod pod, string name) => pod.Spec.Containers.Concat(InitContainers(pod)).FirstOrDefault(c => c.Name == name);

    /// <summary>The containers that run for the pod's life and are probed: sidecars first, then app containers.</summary>
    public static IEnumerable<V1Container> LongRunning(V1Pod pod) => [.. InitContainers(pod).Where(IsSidecar), .. pod.Spec.Containers];

    /// <summary>
    /// The policy an exited run of an init container is judged by: a sidecar always restarts, a
    /// failed init container is retried unless the pod's policy is Never.
    /// </summary>
    public static string InitRestartPolicy(V1Pod pod, V1Container container) =>
        IsSidecar(container) ? "Always" : pod.Spec.RestartPolicy == "Never" ? "Never" : "OnFailure";
}
