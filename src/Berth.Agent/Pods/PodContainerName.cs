using System.Globalization;

namespace Berth.Agent.Pods;

/// <summary>
/// The engine name of one run of a pod's container, as dockershim named them:
/// <c>k8s_CONTAINER_POD_NAMESPACE_UID_ATTEMPT</c>. The name alone says which pod a container belongs to,
/// so a restarted agent finds its containers, and `berth ps` on the node shows pod names.
/// </summary>
public sealed record PodContainerName(string Container, string Pod, string Namespace, string PodUid, int Attempt)
{
    private const string Prefix = "k8s";

    public override string ToString() => string.Join('_', Prefix, Container, Pod, Namespace, PodUid, Attempt.ToString(CultureInfo.InvariantCulture));

    /// <summary>Kubernetes names never hold an underscore, so the parts split cleanly; any other name is not a pod's.</summary>
    public static PodContainerName? TryParse(string name)
    {
        var parts = name.Split('_');
        return parts.Length == 6 && parts[0] == Prefix && int.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out var attempt)
            ? new PodContainerName(parts[1], parts[2], parts[3], parts[4], attempt)
            : null;
    }
}
