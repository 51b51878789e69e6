using Berth.Client.Informers;
using k8s.Models;

namespace Berth.Controllers.Pods;

/// <summary>Indexes of the shared pod cache that several controllers use.</summary>
public static class PodIndexes
{
    public const string ByNode = "spec.nodeName";

    /// <summary>Indexes pods by the node they are bound to (adding it twice is harmless).</summary>
    public static void AddNodeIndex(ObjectCache<V1Pod> pods) =>
        pods.AddIndex(ByNode, pod => pod.Spec?.NodeName is { Length: > 0 } node ? [node] : []);
}
