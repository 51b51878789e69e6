using Berth.Client.Informers;
using Berth.Client.Rest;
using Berth.Scheduler.Framework;
using k8s.Models;

namespace Berth.Scheduler.Planning;

/// <summary>Builds a scheduling snapshot from one list of each kind the scheduler's informers watch.</summary>
public static class SnapshotLoader
{
    public static async Task<ClusterSnapshot> LoadAsync(ApiClient client, CancellationToken cancellationToken)
    {
        var snapshot = new ClusterSnapshot();
        foreach (var node in (await client.For(KubeResources.Nodes).ListAsync(null, null, cancellationToken)).Items)
        {
            snapshot.UpsertNode(node);
        }
        foreach (var ns in (await client.For(KubeResources.Namespaces).ListAsync(null, null, cancellationToken)).Items)
        {
            snapshot.UpsertNamespace(ns);
        }
        foreach (var pod in (await client.For(KubeResources.Pods).ListAsync(null, null, cancellationToken)).Items)
        {
            // Finished pods hold nothing; pending ones hold nothing yet.
            if (!string.IsNullOrEmpty(pod.Spec?.NodeName) && pod.Status?.Phase is not ("Succeeded" or "Failed"))
            {
                snapshot.AddPod(new PodInfo(pod));
            }
        }
        foreach (var pv in (await client.For(KubeResources.PersistentVolumes).ListAsync(null, null, cancellationToken)).Items)
        {
            snapshot.PersistentVolumes[pv.Metadata.Name] = pv;
        }
        foreach (var claim in (await client.For(KubeResources.PersistentVolumeClaims).ListAsync(null, null, cancellationToken)).Items)
        {
            snapshot.Claims[ObjectKey.Of(claim)] = claim;
        }
        foreach (var storageClass in (await client.For(KubeResources.StorageClasses).ListAsync(null, null, cancellationToken)).Items)
        {
            snapshot.StorageClasses[storageClass.Metadata.Name] = storageClass;
        }
        foreach (var service in (await client.For(KubeResources.Services).ListAsync(null, null, cancellationToken)).Items)
        {
            snapshot.Workloads.UpsertService(service);
        }
        foreach (var rs in (await client.For(KubeResources.ReplicaSets).ListAsync(null, null, cancellationToken)).Items)
        {
            snapshot.Workloads.ReplicaSets[ObjectKey.Of(rs)] = rs;
        }
        foreach (var set in (await client.For(KubeResources.StatefulSets).ListAsync(null, null, cancellationToken)).Items)
        {
            snapshot.Workloads.StatefulSets[ObjectKey.Of(set)] = set;
        }
        return snapshot;
    }
}
