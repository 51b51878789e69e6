namespace Berth.Agent.Volumes;

/// <summary>A volume could not be set up: the pod waits (kube's FailedMount) and is synced again.</summary>
public sealed class VolumeSetUpException(string message, Exception? inner = null) : Exception(message, inner);
