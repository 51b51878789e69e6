using System.Text.Json;
using Berth.Client.Serialization;
using k8s.Models;

namespace Berth.Agent.Pods;

/// <summary>
/// The kinds of a pod's containers as the kubelet tells them apart: init containers run one at a
/// time to completion before the app containers, except sidecars (an init container with
/// restartPolicy Always, kube 1.29+), which keep running beside them; ephemeral containers (`kubectl
/// debug`) are added to a running pod and run once.
/// </summary>
public static class PodContainerKinds
{
    public static bool IsSidecar(V1Container container) => container.RestartPolicy == "Always";

    public static IEnumerable<V1Container> InitContainers(V1Pod pod) => pod.Spec.InitContainers ?? [];

    /// <summary>The pod's ephemeral containers, each as the container it runs as (the fields they share).</summary>
    public static IEnumerable<V1Container> EphemeralContainers(V1Pod pod) => (pod.Spec.EphemeralContainers ?? []).Select(AsContainer);

    /// <summary>Every container of the pod: init, app and ephemeral.</summary>
    public static IEnumerable<V1Container> All(V1Pod pod) => [.. InitContainers(pod), .. pod.Spec.Containers, .. EphemeralContainers(pod)];

    /// <summary>The spec of the pod's container of any kind with this name, if it has one.</summary>
    public static V1Container? SpecOf(V1Pod pod, string name) => All(pod).FirstOrDefault(c => c.Name == name);

    /// <summary>An ephemeral container is a container with fewer fields set (and a target): the same JSON, read as a container.</summary>
    private static V1Container AsContainer(V1EphemeralContainer ephemeral) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(ephemeral, ModelJsonContext.Default.V1EphemeralContainer), ModelJsonContext.Default.V1Container)!;

    /// <summary>The containers that run for the pod's life and are probed: sidecars first, then app containers.</summary>
    public static IEnumerable<V1Container> LongRunning(V1Pod pod) => [.. InitContainers(pod).Where(IsSidecar), .. pod.Spec.Containers];

    /// <summary>
    /// The policy an exited run of an init container is judged by: a sidecar always restarts, a
    /// failed init container is retried unless the pod's policy is Never.
    /// </summary>
    public static string InitRestartPolicy(V1Pod pod, V1Container container) =>
        IsSidecar(container) ? "Always" : pod.Spec.RestartPolicy == "Never" ? "Never" : "OnFailure";
}
