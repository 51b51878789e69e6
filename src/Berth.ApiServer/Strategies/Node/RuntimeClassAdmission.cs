using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Node;

/// <summary>
/// kube's RuntimeClass admission plugin for a new pod: spec.runtimeClassName must name a
/// RuntimeClass (403 otherwise); the class's overhead becomes the pod's spec.overhead (a pod
/// stating another is refused), and its scheduling nodeSelector and tolerations are merged into the
/// pod's (a nodeSelector key the pod sets to another value is refused).
/// </summary>
public static class RuntimeClassAdmission
{
    public static async ValueTask AdmitPodAsync(JsonObject pod, ObjectLookup objects, CancellationToken cancellationToken)
    {
        if (pod.Str("spec", "runtimeClassName") is not { Length: > 0 } name)
        {
            return;
        }
        var runtimeClass = await objects.FindAsync(objects.Resource("node.k8s.io", "v1", "runtimeclasses"), null, name, cancellationToken)
            ?? throw Rejected(pod, $"RuntimeClass \"{name}\" not found");
        Apply(pod, runtimeClass);
    }

    /// <summary>Gives the pod its class's overhead and scheduling constraints, or throws kube's 403.</summary>
    public static void Apply(JsonObject pod, JsonObject runtimeClass)
    {
        var spec = pod.Child("spec");
        if (runtimeClass["overhead"]?["podFixed"] is JsonObject overhead)
        {
            if (spec["overhead"] is JsonObject stated && !JsonNode.DeepEquals(stated, overhead))
            {
                throw Rejected(pod, "Pod's Overhead doesn't match RuntimeClass's defined Overhead");
            }
            spec["overhead"] = overhead.DeepClone();
        }
        if (runtimeClass["scheduling"] is JsonObject scheduling)
        {
            MergeNodeSelector(pod, spec, scheduling["nodeSelector"] as JsonObject);
            MergeTolerations(spec, scheduling["tolerations"] as JsonArray);
        }
    }

    private static void MergeNodeSelector(JsonObject pod, JsonObject spec, JsonObject? required)
    {
        if (required is null)
        {
            return;
        }
        var selector = spec["nodeSelector"] as JsonObject ?? [];
        foreach (var (key, value) in required)
        {
            if (selector[key] is { } own && own.GetValue<string>() != value?.GetValue<string>())
            {
                throw Rejected(pod, $"conflict: runtimeClass.scheduling.nodeSelector[{key}] = {value}; pod.spec.nodeSelector[{key}] = {own}");
            }
            selector[key] = value?.DeepClone();
        }
        spec["nodeSelector"] = selector;
    }

    private static void MergeTolerations(JsonObject spec, JsonArray? tolerations)
    {
        if (tolerations is null)
        {
            return;
        }
        var own = spec["tolerations"] as JsonArray ?? [];
        foreach (var toleration in tolerations.Where(t => !own.Any(o => JsonNode.DeepEquals(o, t))))
        {
            own.Add(toleration?.DeepClone());
        }
        spec["tolerations"] = own;
    }

    private static ApiException Rejected(JsonObject pod, string why) =>
        ApiException.Forbidden("", "pods", pod.Str("metadata", "name") ?? "", $"pod rejected: {why}");
}
