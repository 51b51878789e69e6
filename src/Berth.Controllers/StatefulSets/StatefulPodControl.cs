using Berth.Client.Events;
using Berth.Client.Informers;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using k8s.Models;

namespace Berth.Controllers.StatefulSets;

/// <summary>
/// Carries out a StatefulSet's <see cref="StatefulPodAction"/>s through the API (kube's
/// StatefulPodControl): claims before pods, owner references on claims as the retention policy
/// wants, and kube's events on the set ("create Pod web-0 in StatefulSet web successful",
/// "create Claim data-web-0 Pod web-0 in StatefulSet web success").
/// </summary>
public sealed class StatefulPodControl(ApiClient client, EventRecorder events, ObjectCache<V1PersistentVolumeClaim> claimCache)
{
    private const int UpdateRetries = 5;

    private readonly ResourceClient<V1Pod, V1PodList> _pods = client.For(KubeResources.Pods);
    private readonly ResourceClient<V1PersistentVolumeClaim, V1PersistentVolumeClaimList> _claims = client.For(KubeResources.PersistentVolumeClaims);

    public EventRecorder Events => events;

    public Task RunAsync(V1StatefulSet set, StatefulPodAction action, CancellationToken cancellationToken) => action switch
    {
        StatefulPodAction.Create create => CreateAsync(set, create.Pod, cancellationToken),
        StatefulPodAction.Delete delete => DeleteAsync(set, delete.Pod, cancellationToken),
        StatefulPodAction.Repair repair => RepairAsync(set, repair.Pod, cancellationToken),
        StatefulPodAction.RetainClaims retain => RetainClaimsAsync(set, retain.Pod, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    private async Task CreateAsync(V1StatefulSet set, V1Pod pod, CancellationToken cancellationToken)
    {
        var claims = await EnsureClaimsAsync(set, pod, cancellationToken);
        try
        {
            await _pods.CreateAsync(pod, cancellationToken);
        }
        catch (ApiStatusException failed) when (!failed.IsAlreadyExists)
        {
            PodEvent("create", set, pod, failed);
            throw;
        }
        PodEvent("create", set, pod, null);
        await RetainAsync(set, pod, claims, cancellationToken);
    }

    private async Task DeleteAsync(V1StatefulSet set, V1Pod pod, CancellationToken cancellationToken)
    {
        try
        {
            await _pods.DeleteAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, cancellationToken,
                new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } });
        }
        catch (ApiStatusException gone) when (gone.IsNotFound)
        {
            return;
        }
        catch (ApiStatusException failed)
        {
            PodEvent("delete", set, pod, failed);
            throw;
        }
        PodEvent("delete", set, pod, null);
    }

    /// <summary>Missing claims created, claim owners as the policy wants, identity and volumes rewritten when they drifted (kube's UpdateStatefulPod).</summary>
    private async Task RepairAsync(V1StatefulSet set, V1Pod pod, CancellationToken cancellationToken)
    {
        var claims = await EnsureClaimsAsync(set, pod, cancellationToken);
        await RetainAsync(set, pod, claims, cancellationToken);
        var copy = ModelCopy.Clone(pod, ModelJsonContext.Default.V1Pod);
        for (var attempt = 0; ; attempt++)
        {
            var identity = StatefulPodIdentity.IdentityMatches(set, copy);
            var storage = StatefulPodIdentity.StorageMatches(set, copy);
            if (identity && storage)
            {
                return;
            }
            if (!identity)
            {
                StatefulPodIdentity.UpdateIdentity(set, copy);
            }
            if (!storage)
            {
                StatefulPodIdentity.UpdateStorage(set, copy);
            }
            try
            {
                await _pods.UpdateAsync(copy, cancellationToken);
                PodEvent("update", set, copy, null);
                return;
            }
            catch (ApiStatusException conflict) when (conflict.IsConflict && attempt < UpdateRetries)
            {
                copy = await _pods.GetAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, cancellationToken);
            }
            catch (ApiStatusException failed)
            {
                PodEvent("update", set, copy, failed);
                throw;
            }
        }
    }

    private async Task RetainClaimsAsync(V1StatefulSet set, V1Pod pod, CancellationToken cancellationToken)
    {
        var claims = StatefulPodIdentity.Claims(set, StatefulPodIdentity.Ordinal(pod))
            .Select(c => claimCache.Get(c.Claim.Metadata.NamespaceProperty, c.Claim.Metadata.Name))
            .OfType<V1PersistentVolumeClaim>()
            .ToList();
        await RetainAsync(set, pod, claims, cancellationToken);
    }

    /// <summary>Creates the claims of the pod's ordinal that do not exist yet; returns them all.</summary>
    private async Task<List<V1PersistentVolumeClaim>> EnsureClaimsAsync(V1StatefulSet set, V1Pod pod, CancellationToken cancellationToken)
    {
        var result = new List<V1PersistentVolumeClaim>();
        foreach (var (_, claim) in StatefulPodIdentity.Claims(set, StatefulPodIdentity.Ordinal(pod)))
        {
            if (claimCache.Get(claim.Metadata.NamespaceProperty, claim.Metadata.Name) is { } existing)
            {
                if (existing.Metadata.DeletionTimestamp is not null)
                {
                    throw new InvalidOperationException($"pvc {claim.Metadata.Name} is being deleted");
                }
                result.Add(existing);
                continue;
            }
            try
            {
                result.Add(await _claims.CreateAsync(claim, cancellationToken));
                ClaimEvent(set, pod, claim, null);
            }
            catch (ApiStatusException exists) when (exists.IsAlreadyExists)
            {
                // Created by an earlier sync the cache has not seen yet.
                result.Add(await _claims.GetAsync(claim.Metadata.NamespaceProperty, claim.Metadata.Name, cancellationToken));
            }
            catch (ApiStatusException failed)
            {
                ClaimEvent(set, pod, claim, failed);
                throw new InvalidOperationException($"failed to create PVC {claim.Metadata.Name}: {failed.Message}", failed);
            }
        }
        return result;
    }

    /// <summary>Writes the owner references the retention policy wants on each claim (kube's UpdatePodClaimForRetentionPolicy).</summary>
    private async Task RetainAsync(V1StatefulSet set, V1Pod pod, List<V1PersistentVolumeClaim> claims, CancellationToken cancellationToken)
    {
        foreach (var claim in claims)
        {
            if (ClaimRetention.HasUnexpectedController(claim, set, pod))
            {
                events.Warning(KubeResources.StatefulSets, set, "ConflictingController",
                    $"PersistentVolumeClaim {claim.Metadata.Name} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim");
            }
            if (ClaimRetention.IsUpToDate(claim, set, pod))
            {
                continue;
            }
            var copy = ModelCopy.Clone(claim, ModelJsonContext.Default.V1PersistentVolumeClaim);
            var owners = ClaimRetention.OwnerRefs(claim, set, pod);
            copy.Metadata.OwnerReferences = owners.Count == 0 ? null : owners;
            try
            {
                await _claims.UpdateAsync(copy, cancellationToken);
            }
            catch (ApiStatusException failed)
            {
                throw new InvalidOperationException($"could not update claim {claim.Metadata.Name} for delete policy ownerRefs: {failed.Message}", failed);
            }
        }
    }

    private void PodEvent(string verb, V1StatefulSet set, V1Pod pod, Exception? failure)
    {
        var reason = (failure is null ? "Successful" : "Failed") + char.ToUpperInvariant(verb[0]) + verb[1..];
        if (failure is null)
        {
            events.Normal(KubeResources.StatefulSets, set, reason, $"{verb} Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} successful");
        }
        else
        {
            events.Warning(KubeResources.StatefulSets, set, reason, $"{verb} Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} failed error: {failure.Message}");
        }
    }

    private void ClaimEvent(V1StatefulSet set, V1Pod pod, V1PersistentVolumeClaim claim, Exception? failure)
    {
        if (failure is null)
        {
            events.Normal(KubeResources.StatefulSets, set, "SuccessfulCreate", $"create Claim {claim.Metadata.Name} Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} success");
        }
        else
        {
            events.Warning(KubeResources.StatefulSets, set, "FailedCreate", $"create Claim {claim.Metadata.Name} for Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} failed error: {failure.Message}");
        }
    }
}
