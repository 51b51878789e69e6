using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Client.Serialization;
using Berth.Controllers.Machinery;
using k8s.Models;

namespace Berth.Controllers.Pods;

/// <summary>
/// The hash of a workload's pod template (a Deployment's pod-template-hash, a DaemonSet's
/// controller-revision-hash), and template equality ignoring the pod-template-hash label
/// (kube's ComputeHash and EqualIgnoreHash). The hash is FNV-32a over the template's canonical JSON
/// (object members sorted) and the collision count, written in kube's safe alphabet; equality
/// compares JSON structurally, so a rollback to an old template finds the old ReplicaSet.
/// </summary>
public static class TemplateHash
{
    public const string Label = "pod-template-hash";

    public static string Compute(V1PodTemplateSpec template, int? collisionCount)
    {
        var canonical = CanonicalJson.Write(Normalized(template));
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(canonical + (collisionCount is { } c ? $"#{c}" : "")))
        {
            hash = (hash ^ b) * 16777619u;
        }
        return SafeEncoding.Encode(hash.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public static bool EqualIgnoringHash(V1PodTemplateSpec a, V1PodTemplateSpec b) =>
        JsonNode.DeepEquals(Normalized(a), Normalized(b));

    /// <summary>The template as JSON without the pod-template-hash label (and without an empty label map it leaves).</summary>
    private static JsonNode Normalized(V1PodTemplateSpec template)
    {
        var node = JsonSerializer.SerializeToNode(template, ModelJsonContext.Default.V1PodTemplateSpec)!;
        if (node["metadata"] is JsonObject metadata)
        {
            if (metadata["labels"] is JsonObject labels)
            {
                labels.Remove(Label);
                if (labels.Count == 0)
                {
                    metadata.Remove("labels");
                }
            }
            // kubectl rollout undo sends creationTimestamp: null; the server's copy has none.
            metadata.Remove("creationTimestamp");
            if (metadata.Count == 0)
            {
                node.AsObject().Remove("metadata");
            }
        }
        return node;
    }
}
