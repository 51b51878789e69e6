using k8s.Models;

namespace Berth.Agent.Volumes;

/// <summary>One volume of one pod, with the pod's directory on this node (DATA/agent/pods/UID).</summary>
public sealed record VolumeContext(V1Pod Pod, V1Volume Volume, string PodDirectory)
{
    /// <summary>The volume's own directory, as the kubelet lays it out: volumes/PLUGIN/NAME under the pod's directory.</summary>
    public string DirectoryOf(string pluginDirectory) => Path.Combine(PodDirectory, "volumes", pluginDirectory, Volume.Name);
}
