using Berth.Scheduler.Framework;
using k8s.Models;

namespace Berth.Scheduler.Plugins.VolumeBinding;

/// <summary>
/// The pod's PersistentVolumeClaims must be satisfiable on the node (kube's VolumeBinding): a bound
/// claim's volume must allow the node by its node affinity; a WaitForFirstConsumer claim needs a
/// matching available volume there, or a class that provisions; a claim of an Immediate class that
/// is still unbound keeps the pod waiting for it. The volumes chosen for the selected node are
/// bound before the pod (<see cref="DecisionsFor"/>).
/// </summary>
public sealed class VolumeBindingPlugin : IFilterPlugin
{
    public const string ReasonNodeConflict = "node(s) had volume node affinity conflict";
    public const string ReasonBindConflict = "node(s) didn't find available persistent volumes to bind";
    public const string ReasonVolumeMissing = "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";
    public const string ReasonUnboundImmediate = "pod has unbound immediate PersistentVolumeClaims";
    public const string NoProvisioner = "kubernetes.io/no-provisioner";

    private static readonly HashSet<string> NothingTaken = [];

    public string Name => "VolumeBinding";

    public PreFilterResult PreFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot)
    {
        if (pod.ClaimKeys.Count == 0)
        {
            return PreFilterResult.Skip;
        }
        var bound = new List<(V1PersistentVolumeClaim, V1PersistentVolume?)>();
        var delayed = new List<(V1PersistentVolumeClaim, string?)>();
        var immediate = false;
        foreach (var key in pod.ClaimKeys)
        {
            var name = key[(key.IndexOf('/') + 1)..];
            if (!snapshot.Claims.TryGetValue(key, out var claim))
            {
                return new PreFilterResult(Status.Unresolvable($"persistentvolumeclaim \"{name}\" not found"));
            }
            if (claim.Metadata.DeletionTimestamp is not null)
            {
                return new PreFilterResult(Status.Unresolvable($"persistentvolumeclaim \"{name}\" is being deleted"));
            }
            if (!string.IsNullOrEmpty(claim.Spec?.VolumeName))
            {
                bound.Add((claim, snapshot.PersistentVolumes.GetValueOrDefault(claim.Spec.VolumeName)));
            }
            else if (snapshot.StorageClasses.GetValueOrDefault(claim.Spec?.StorageClassName ?? "") is { VolumeBindingMode: "WaitForFirstConsumer" } storageClass)
            {
                delayed.Add((claim, storageClass.Provisioner));
            }
            else
            {
                immediate = true;
            }
        }
        if (immediate)
        {
            return new PreFilterResult(Status.Unresolvable(ReasonUnboundImmediate));
        }
        state.Write(CycleSlots.VolumeBinding, new VolumeBindingState(bound, delayed, snapshot.PersistentVolumes.Values));
        return PreFilterResult.Success;
    }

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        var volumes = state.Read<VolumeBindingState>(CycleSlots.VolumeBinding)!;
        var reasons = new List<string>(2);
        foreach (var (_, volume) in volumes.Bound)
        {
            if (volume is null)
            {
                return Status.Unresolvable(ReasonVolumeMissing);
            }
            if (!VolumeMatching.AffinityAllows(volume, node) && !reasons.Contains(ReasonNodeConflict))
            {
                reasons.Add(ReasonNodeConflict);
            }
        }
        if (volumes.Delayed.Count > 0)
        {
            if (Decide(volumes, node) is { } decisions)
            {
                volumes.Decisions[node.Name] = decisions;
            }
            else
            {
                reasons.Add(ReasonBindConflict);
            }
        }
        return reasons.Count == 0 ? Status.Success : Status.Unresolvable([.. reasons]);
    }

    /// <summary>What binding the pod to <paramref name="node"/> must do for its unbound claims (empty when nothing).</summary>
    public static IReadOnlyList<VolumeDecision> DecisionsFor(CycleState state, string node) =>
        state.Read<VolumeBindingState>(CycleSlots.VolumeBinding)?.Decisions.GetValueOrDefault(node) ?? (IReadOnlyList<VolumeDecision>)[];

    /// <summary>A volume for each delayed claim on the node (none twice), or provisioning; null when a claim cannot be met.</summary>
    private static List<VolumeDecision>? Decide(VolumeBindingState state, NodeInfo node)
    {
        var taken = NothingTaken;
        var decisions = new List<VolumeDecision>(state.Delayed.Count);
        foreach (var (claim, provisioner) in state.Delayed)
        {
            var volume = VolumeMatching.Find(claim, node, state.Volumes, taken);
            if (volume is null)
            {
                if (provisioner is null or "" or NoProvisioner)
                {
                    return null;
                }
                decisions.Add(new VolumeDecision(claim, null));
                continue;
            }
            if (ReferenceEquals(taken, NothingTaken))
            {
                taken = new HashSet<string>(StringComparer.Ordinal);
            }
            taken.Add(volume.Metadata.Name);
            decisions.Add(new VolumeDecision(claim, volume));
        }
        return decisions;
    }
}
