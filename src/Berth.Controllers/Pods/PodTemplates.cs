using Berth.Client.Serialization;
using k8s.Models;

namespace Berth.Controllers.Pods;

/// <summary>Pods made from a controller's template (kube's GetPodFromTemplate).</summary>
public static class PodTemplates
{
    /// <summary>
    /// A new pod: the template's labels, annotations, finalizers and spec (a copy), a generated
    /// name with <paramref name="generateName"/> as prefix unless <paramref name="name"/> is given,
    /// and the owner's controller reference.
    /// </summary>
    public static V1Pod NewPod(V1PodTemplateSpec template, string ns, V1OwnerReference owner, string generateName, string? name = null)
    {
        var copy = ModelCopy.Clone(template, ModelJsonContext.Default.V1PodTemplateSpec);
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                GenerateName = name is null ? generateName : null,
                NamespaceProperty = ns,
                Labels = copy.Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels) : null,
                Annotations = copy.Metadata?.Annotations,
                Finalizers = copy.Metadata?.Finalizers,
                OwnerReferences = [owner],
            },
            Spec = copy.Spec,
        };
    }
}
