using Berth.Scheduler.Framework;
using k8s.Models;

namespace Berth.Scheduler.Plugins.VolumeBinding;

/// <summary>
/// VolumeBinding's cycle data: the pod's claims already bound (with their volumes, null when the
/// volume is missing), the claims that wait for the pod's node (WaitForFirstConsumer) with their
/// class's provisioner, the volumes to choose from, and the choices made on each node that passed.
/// </summary>
internal sealed class VolumeBindingState(
    List<(V1PersistentVolumeClaim Claim, V1PersistentVolume? Volume)> bound,
    List<(V1PersistentVolumeClaim Claim, string? Provisioner)> delayed,
    IReadOnlyCollection<V1PersistentVolume> volumes) : ICycleData
{
    public List<(V1PersistentVolumeClaim Claim, V1PersistentVolume? Volume)> Bound => bound;

    public List<(V1PersistentVolumeClaim Claim, string? Provisioner)> Delayed => delayed;

    public IReadOnlyCollection<V1PersistentVolume> Volumes => volumes;

    /// <summary>Per node that passed: each delayed claim with its chosen volume, or null when it will be provisioned.</summary>
    public Dictionary<string, List<VolumeDecision>> Decisions { get; } = new(StringComparer.Ordinal);

    public ICycleData Copy() => this;
}
