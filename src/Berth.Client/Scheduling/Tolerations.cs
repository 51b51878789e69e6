using k8s.Models;

namespace Berth.Client.Scheduling;

/// <summary>
/// Taint and toleration matching (k8s.io/component-helpers scheduling/corev1 and v1.Toleration):
/// a toleration with an effect tolerates only that effect, with a key only that key; operator
/// Exists tolerates any value, Equal (or empty) the same value.
/// </summary>
public static class Tolerations
{
    public const string NoSchedule = "NoSchedule";
    public const string PreferNoSchedule = "PreferNoSchedule";
    public const string NoExecute = "NoExecute";

    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }
        if (!string.IsNullOrEmpty(toleration.Key) && toleration.Key != taint.Key)
        {
            return false;
        }
        return toleration.OperatorProperty switch
        {
            null or "" or "Equal" => (toleration.Value ?? "") == (taint.Value ?? ""),
            "Exists" => true,
            _ => false,
        };
    }

    public static bool TolerateTaint(IEnumerable<V1Toleration>? tolerations, V1Taint taint)
    {
        foreach (var toleration in tolerations ?? [])
        {
            if (Tolerates(toleration, taint))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The first taint that <paramref name="include"/> selects and no toleration tolerates, or null.</summary>
    public static V1Taint? FindUntolerated(IEnumerable<V1Taint>? taints, IEnumerable<V1Toleration>? tolerations, Func<V1Taint, bool> include)
    {
        foreach (var taint in taints ?? [])
        {
            if (include(taint) && !TolerateTaint(tolerations, taint))
            {
                return taint;
            }
        }
        return null;
    }

    /// <summary>The taints that keep pods off a node: NoSchedule and NoExecute (the scheduler's and DaemonSet controller's filter).</summary>
    public static bool DoNotSchedule(V1Taint taint) => taint.Effect is NoSchedule or NoExecute;
}
