using k8s.Models;

namespace Berth.Agent.Pods;

/// <summary>The pod fields an env var's <c>fieldRef</c> may name (the downward API), as the kubelet resolves them.</summary>
public static class PodFieldRefs
{
    /// <summary>The value of <paramref name="fieldPath"/>, or null for a path the downward API does not offer.</summary>
    public static string? Resolve(V1Pod pod, string fieldPath, string? podIp, string hostIp) => fieldPath switch
    {
        "metadata.name" => pod.Metadata.Name,
        "metadata.namespace" => pod.Metadata.NamespaceProperty,
        "metadata.uid" => pod.Metadata.Uid,
        "spec.nodeName" => pod.Spec.NodeName,
        "spec.serviceAccountName" => pod.Spec.ServiceAccountName ?? "",
        "status.podIP" or "status.podIPs" => podIp ?? "",
        "status.hostIP" or "status.hostIPs" => hostIp,
        _ when MapKey(fieldPath, "metadata.labels") is { } key => (pod.Metadata.Labels is { } labels && labels.TryGetValue(key, out var label) ? label : ""),
        _ when MapKey(fieldPath, "metadata.annotations") is { } key => (pod.Metadata.Annotations is { } annotations && annotations.TryGetValue(key, out var annotation) ? annotation : ""),
        _ => null,
    };

    /// <summary>KEY from <c>PREFIX['KEY']</c>.</summary>
    private static string? MapKey(string fieldPath, string prefix) =>
        fieldPath.StartsWith(prefix + "['", StringComparison.Ordinal) && fieldPath.EndsWith("']", StringComparison.Ordinal)
            ? fieldPath[(prefix.Length + 2)..^2]
            : null;
}
