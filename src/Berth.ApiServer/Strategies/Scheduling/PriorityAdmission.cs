using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Scheduling;

/// <summary>
/// kube's Priority admission plugin for a new pod: spec.priorityClassName (or the globalDefault
/// class, whose name the pod then carries) resolves into spec.priority and spec.preemptionPolicy;
/// an unknown class is refused (403), as is a priority or policy the pod states that differs from
/// its class's. Without any class a pod gets priority 0 and PreemptLowerPriority.
/// </summary>
public static class PriorityAdmission
{
    public const string DefaultPreemptionPolicy = "PreemptLowerPriority";

    public static async ValueTask AdmitPodAsync(JsonObject pod, ObjectLookup objects, CancellationToken cancellationToken)
    {
        var classes = objects.Resource("scheduling.k8s.io", "v1", "priorityclasses");
        var name = pod.Str("spec", "priorityClassName");
        var priorityClass = string.IsNullOrEmpty(name)
            ? GlobalDefault(objects.List(classes))
            : await objects.FindAsync(classes, null, name, cancellationToken)
                ?? throw Forbidden(pod, $"no PriorityClass with name {name} was found");
        Resolve(pod, priorityClass);
    }

    /// <summary>Sets the pod's priority fields from its class (null: no class applies), or throws kube's 403.</summary>
    public static void Resolve(JsonObject pod, JsonObject? priorityClass)
    {
        var spec = pod.Child("spec");
        var priority = priorityClass?.Int("value") ?? 0;
        var policy = priorityClass is null ? DefaultPreemptionPolicy : priorityClass.Str("preemptionPolicy") ?? DefaultPreemptionPolicy;
        if (spec["priority"] is not null && spec.Int("priority") is { } stated && stated != priority)
        {
            throw Forbidden(pod, $"the integer value of priority ({stated}) must not be provided in pod spec; priority admission controller computed {priority} from the given PriorityClass name");
        }
        if (spec.Str("preemptionPolicy") is { } statedPolicy && statedPolicy != policy)
        {
            throw Forbidden(pod, $"the string value of PreemptionPolicy ({statedPolicy}) must not be provided in pod spec; priority admission controller computed {policy} from the given PriorityClass name");
        }
        if (priorityClass is not null && string.IsNullOrEmpty(spec.Str("priorityClassName")))
        {
            spec["priorityClassName"] = priorityClass.Str("metadata", "name");
        }
        spec["priority"] = priority;
        spec["preemptionPolicy"] = policy;
    }

    /// <summary>The class pods without one get: the globalDefault class, the lowest valued if a race made several.</summary>
    public static JsonObject? GlobalDefault(IEnumerable<JsonObject> classes) =>
        classes.Where(c => c.Bool("globalDefault")).MinBy(c => c.Int("value") ?? 0);

    private static ApiException Forbidden(JsonObject pod, string why) =>
        ApiException.Forbidden("", "pods", pod.Str("metadata", "name") ?? "", why);
}
