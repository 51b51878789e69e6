using Berth.Engine.Pods;

namespace Berth.Engine.Kube;

/// <summary>A pod `kube play` made, with its containers' ids (the infra container's not among them).</summary>
public sealed record KubePlayResult(PodRecord Pod, IReadOnlyList<string> ContainerIds);
