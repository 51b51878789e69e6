using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Client.Serialization;
using Berth.Controllers.Machinery;
using k8s.Models;

namespace Berth.Controllers.History;

/// <summary>
/// The data a StatefulSet or DaemonSet keeps in its ControllerRevisions (kube's getPatch): a
/// strategic merge patch that puts a pod template back, <c>{"spec":{"template":{…,"$patch":"replace"}}}</c>,
/// written canonically so one template always gives the same bytes. <c>kubectl rollout undo</c>
/// applies it to the workload as it is.
/// </summary>
public static class RevisionPatch
{
    private const string Directive = "$patch";

    public static JsonElement For(V1PodTemplateSpec template)
    {
        var node = JsonSerializer.SerializeToNode(template, ModelJsonContext.Default.V1PodTemplateSpec)!.AsObject();
        node[Directive] = "replace";
        var patch = new JsonObject { ["spec"] = new JsonObject { ["template"] = node } };
        using var document = JsonDocument.Parse(CanonicalJson.Write(patch));
        return document.RootElement.Clone();
    }

    /// <summary>Whether the revision holds this data (kube compares the bytes; this compares the JSON).</summary>
    public static bool Matches(V1ControllerRevision revision, JsonElement data) =>
        revision.Data is JsonElement stored && JsonElement.DeepEquals(stored, data);

    /// <summary>The pod template a revision restores (kube's ApplyRevision, for the one field the patch holds).</summary>
    public static V1PodTemplateSpec Template(V1ControllerRevision revision)
    {
        if (revision.Data is not JsonElement { ValueKind: JsonValueKind.Object } data
            || !data.TryGetProperty("spec", out var spec) || !spec.TryGetProperty("template", out var template))
        {
            throw new InvalidOperationException($"ControllerRevision {revision.Metadata.Name} holds no spec.template");
        }
        var node = JsonNode.Parse(template.GetRawText())!.AsObject();
        node.Remove(Directive);
        return node.Deserialize(ModelJsonContext.Default.V1PodTemplateSpec)!;
    }
}
