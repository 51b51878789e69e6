using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Resources;

namespace Berth.ApiServer.ControlPlane;

/// <summary>
/// The Service kube-system/kube-dns, as k3s' coredns manifest makes it, on the address pods' resolv.conf names:
/// ports dns 53/UDP and dns-tcp 53/TCP (no metrics: the agent serves none), label k8s-app=kube-dns, no selector. Every node's agent
/// answers on that address itself (node-local), so the annotation <see cref="NodeLocalAnnotation"/> tells the service
/// proxy to write no rules for it. Made when missing; its labels, annotation and ports are put back when changed.
/// </summary>
public sealed class KubeDnsServiceReconciler(ResourceStore store, string clusterIp)
{
    public const string NodeLocalAnnotation = "berth.dev/node-local";

    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var services = store.Registry.Find("", "v1", "services")!;
        var desired = Desired();
        try
        {
            await store.CreateAsync(services, "kube-system", desired, WriteOptions.Server, cancellationToken);
        }
        catch (ApiException exists) when (exists.Code == 409)
        {
            await store.UpdateAsync(services, "kube-system", "kube-dns", current =>
            {
                var metadata = current["metadata"]!.AsObject();
                var labels = metadata["labels"] as JsonObject ?? [];
                labels["k8s-app"] = "kube-dns";
                metadata["labels"] = labels.DeepClone();
                var annotations = metadata["annotations"] as JsonObject ?? [];
                annotations[NodeLocalAnnotation] = "true";
                metadata["annotations"] = annotations.DeepClone();
                current["spec"]!["ports"] = desired["spec"]!["ports"]!.DeepClone();
                return current;
            }, UpdateTarget.Main, WriteOptions.Server, cancellationToken);
        }
    }

    private JsonObject Desired() => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject
        {
            ["name"] = "kube-dns",
            ["namespace"] = "kube-system",
            ["labels"] = new JsonObject { ["k8s-app"] = "kube-dns", ["kubernetes.io/cluster-service"] = "true", ["kubernetes.io/name"] = "CoreDNS" },
            ["annotations"] = new JsonObject { [NodeLocalAnnotation] = "true" },
        },
        ["spec"] = new JsonObject
        {
            ["type"] = "ClusterIP",
            ["clusterIP"] = clusterIp,
            ["ports"] = new JsonArray(
                new JsonObject { ["name"] = "dns", ["port"] = 53, ["protocol"] = "UDP", ["targetPort"] = 53 },
                new JsonObject { ["name"] = "dns-tcp", ["port"] = 53, ["protocol"] = "TCP", ["targetPort"] = 53 }),
        },
    };
}
