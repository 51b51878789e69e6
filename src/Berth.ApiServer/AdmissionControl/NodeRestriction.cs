using System.Text.Json.Nodes;
using Berth.ApiServer.Authorization.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Objects;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.AdmissionControl;

/// <summary>
/// kube's NodeRestriction admission (plugin/pkg/admission/noderestriction): what the Node authorizer
/// lets every node write, a node may write only for itself. Its own Node (without the labels
/// <see cref="NodeLabelPolicy"/> keeps from it, without changing its taints); mirror pods bound to
/// itself that reference no other object; the status of, and deletes of, pods bound to it; its own Lease.
/// Users that are not nodes pass untouched.
/// </summary>
public sealed class NodeRestriction : IValidatingAdmissionPlugin, IDeleteAdmissionPlugin
{
    private const string MirrorPodAnnotation = "kubernetes.io/config.mirror";

    public ValueTask ValidateAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        Check(request);
        return ValueTask.CompletedTask;
    }

    public ValueTask ValidateDeleteAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        Check(request);
        return ValueTask.CompletedTask;
    }

    private static void Check(AdmissionRequest request)
    {
        if (!NodeIdentity.TryGetNode(request.User, out var node))
        {
            return;
        }
        if (node.Length == 0)
        {
            throw Forbidden(request, $"could not determine node from user \"{request.User.Name}\"");
        }
        switch (request.Resource.Group, request.Resource.Name)
        {
            case ("", "pods") when request.Target == UpdateTarget.Status:
                PodStatus(node, request);
                break;
            case ("", "pods") when request.Target == UpdateTarget.Binding:
                throw Forbidden(request, "unexpected pod subresource \"binding\", only 'status' and 'eviction' are allowed");
            case ("", "pods"):
                Pod(node, request);
                break;
            case ("", "nodes"):
                Node(node, request);
                break;
            case ("coordination.k8s.io", "leases"):
                Lease(node, request);
                break;
        }
    }

    private static void Pod(string node, AdmissionRequest request)
    {
        switch (request.Operation)
        {
            case AdmissionOperation.Create:
                MirrorPod(node, request);
                break;
            case AdmissionOperation.Delete when NodeName(request.Object) != node:
                throw Forbidden(request, $"node \"{node}\" can only delete pods with spec.nodeName set to itself");
            case AdmissionOperation.Update:
                throw Forbidden(request, $"unexpected operation \"UPDATE\", node \"{node}\" can only create and delete mirror pods");
        }
    }

    private static void MirrorPod(string node, AdmissionRequest request)
    {
        var pod = request.Object;
        if (pod.Str("metadata", "annotations", MirrorPodAnnotation) is null)
        {
            throw Forbidden(request, $"pod does not have \"{MirrorPodAnnotation}\" annotation, node \"{node}\" can only create mirror pods");
        }
        if (NodeName(pod) != node)
        {
            throw Forbidden(request, $"node \"{node}\" can only create pods with spec.nodeName set to itself");
        }
        var owners = pod.At("metadata", "ownerReferences") as JsonArray ?? [];
        if (owners.Count > 1)
        {
            throw Forbidden(request, $"node \"{node}\" can only create pods with a single owner reference set to itself");
        }
        if (owners.Count == 1 && (owners[0].Str("apiVersion") != "v1" || owners[0].Str("kind") != "Node" || owners[0].Str("name") != node))
        {
            throw Forbidden(request, $"node \"{node}\" can only create pods with an owner reference set to itself");
        }
        if (!string.IsNullOrEmpty(pod.Str("spec", "serviceAccountName")))
        {
            throw Forbidden(request, $"node \"{node}\" can not create pods that reference a service account");
        }
        var references = PodReferences.Of(pod);
        var referenced = references.Secrets.Count > 0 ? "secrets" : references.ConfigMaps.Count > 0 ? "configmaps" : references.Claims.Count > 0 ? "persistentvolumeclaims" : null;
        if (referenced is not null)
        {
            throw Forbidden(request, $"node \"{node}\" can not create pods that reference {referenced}");
        }
    }

    private static void PodStatus(string node, AdmissionRequest request)
    {
        if (request.Operation != AdmissionOperation.Update)
        {
            throw Forbidden(request, $"unexpected operation \"{Verb(request.Operation)}\"");
        }
        if (NodeName(request.OldObject!) != node)
        {
            throw Forbidden(request, $"node \"{node}\" can only update pod status for pods with spec.nodeName set to itself");
        }
        if (!SameLabels(ObjectMetadata.Labels(request.Object), ObjectMetadata.Labels(request.OldObject!)))
        {
            throw Forbidden(request, $"node \"{node}\" cannot update labels through pod status");
        }
    }

    private static void Node(string node, AdmissionRequest request)
    {
        if (request.Name != node)
        {
            throw Forbidden(request, $"node \"{node}\" is not allowed to modify node \"{request.Name}\"");
        }
        switch (request.Operation)
        {
            case AdmissionOperation.Create when NodeLabelPolicy.Forbidden(ObjectMetadata.Labels(request.Object), new Dictionary<string, string>()) is { Count: > 0 } labels:
                throw Forbidden(request, $"node \"{node}\" is not allowed to set the following labels: {string.Join(", ", labels)}");
            case AdmissionOperation.Update when NodeLabelPolicy.Forbidden(ObjectMetadata.Labels(request.Object), ObjectMetadata.Labels(request.OldObject!)) is { Count: > 0 } labels:
                throw Forbidden(request, $"is not allowed to modify labels: {string.Join(", ", labels)}");
            case AdmissionOperation.Update when !JsonNode.DeepEquals(request.Object.At("spec", "taints"), request.OldObject.At("spec", "taints")):
                throw Forbidden(request, $"node \"{node}\" is not allowed to modify taints");
        }
    }

    private static void Lease(string node, AdmissionRequest request)
    {
        if (request.Namespace != NodeAuthorizer.LeaseNamespace)
        {
            throw Forbidden(request, $"can only access leases in the \"{NodeAuthorizer.LeaseNamespace}\" system namespace");
        }
        if (request.Name != node)
        {
            throw Forbidden(request, "can only access node lease with the same name as the requesting node");
        }
    }

    private static string? NodeName(JsonObject pod) => pod.Str("spec", "nodeName");

    private static bool SameLabels(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(label => b.TryGetValue(label.Key, out var value) && value == label.Value);

    private static string Verb(AdmissionOperation operation) => operation.ToString().ToUpperInvariant();

    /// <summary>kube's admission.NewForbidden: <c>nodes "other" is forbidden: why</c>.</summary>
    private static ApiException Forbidden(AdmissionRequest request, string why) =>
        ApiException.Forbidden(request.Resource.Group, request.Resource.Name, request.Name, why);
}
