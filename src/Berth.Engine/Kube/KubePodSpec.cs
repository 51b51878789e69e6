using k8s.Models;

namespace Berth.Engine.Kube;

/// <summary>One engine pod `kube play` makes: a Pod's, or one replica of a Deployment's template.</summary>
public sealed record KubePodSpec(string Name, IDictionary<string, string>? Labels, V1PodSpec Spec);
