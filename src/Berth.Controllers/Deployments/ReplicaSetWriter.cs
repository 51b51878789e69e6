using Berth.Client.Events;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using k8s.Models;

namespace Berth.Controllers.Deployments;

/// <summary>The writes a Deployment makes to its ReplicaSets, each with the event kube records for it.</summary>
public sealed class ReplicaSetWriter(ApiClient client, EventRecorder events, TimeProvider time)
{
    private readonly ResourceClient<V1ReplicaSet, V1ReplicaSetList> _replicaSets = client.For(KubeResources.ReplicaSets);

    public EventRecorder Events => events;

    public TimeProvider Time => time;

    public ResourceClient<V1ReplicaSet, V1ReplicaSetList> Client => _replicaSets;

    /// <summary>
    /// Sets a ReplicaSet's size and its desired/max-replicas annotations (kube's scaleReplicaSet);
    /// returns the stored ReplicaSet and whether its size changed.
    /// </summary>
    public async Task<(V1ReplicaSet ReplicaSet, bool Scaled)> ScaleAsync(V1Deployment d, V1ReplicaSet rs, int size, CancellationToken cancellationToken)
    {
        var copy = ModelCopy.Clone(rs, ModelJsonContext.Default.V1ReplicaSet);
        var resized = (rs.Spec.Replicas ?? 1) != size;
        var annotated = RevisionAnnotations.SetReplicas(copy.Metadata.Annotations ??= new Dictionary<string, string>(),
            RolloutMath.Replicas(d), RolloutMath.Replicas(d) + RolloutMath.MaxSurge(d));
        if (!resized && !annotated)
        {
            return (rs, false);
        }
        copy.Spec.Replicas = size;
        var updated = await _replicaSets.UpdateAsync(copy, cancellationToken);
        if (resized)
        {
            var direction = size > (rs.Spec.Replicas ?? 1) ? "up" : "down";
            events.Normal(KubeResources.Deployments, d, "ScalingReplicaSet", $"Scaled {direction} replica set {rs.Metadata.Name} from {rs.Spec.Replicas ?? 1} to {size}");
        }
        return (updated, resized);
    }

    public async Task DeleteAsync(V1ReplicaSet rs, CancellationToken cancellationToken)
    {
        try
        {
            await _replicaSets.DeleteAsync(rs.Metadata.NamespaceProperty, rs.Metadata.Name, cancellationToken,
                new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = rs.Metadata.Uid } });
        }
        catch (ApiStatusException gone) when (gone.IsNotFound || gone.IsConflict)
        {
        }
    }
}
