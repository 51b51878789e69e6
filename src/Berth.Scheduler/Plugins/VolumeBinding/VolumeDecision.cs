using k8s.Models;

namespace Berth.Scheduler.Plugins.VolumeBinding;

/// <summary>What binding a pod to a node does for one of its unbound claims: bind it to <paramref name="Volume"/>, or, when null, have it provisioned there.</summary>
public sealed record VolumeDecision(V1PersistentVolumeClaim Claim, V1PersistentVolume? Volume);
