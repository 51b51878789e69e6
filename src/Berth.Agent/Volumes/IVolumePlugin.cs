namespace Berth.Agent.Volumes;

/// <summary>
/// One kind of volume source (kubelet's volume plugin). Where a volume is on the host follows from the
/// pod alone, so a container's mounts are known without asking the plugin to set it up again.
/// </summary>
public interface IVolumePlugin
{
    /// <summary>An API data volume (configMap, secret, downwardAPI, projected): always mounted read-only, rewritten as its objects change.</summary>
    bool IsApiData { get; }

    /// <summary>Whether this plugin serves the volume's source.</summary>
    bool Handles(VolumeContext context);

    /// <summary>Where the volume is on the host, once set up.</summary>
    string HostPath(VolumeContext context);

    /// <summary>Makes the volume ready at <see cref="HostPath"/>; safe to repeat. Fails with <see cref="VolumeSetUpException"/> in kube's words.</summary>
    Task SetUpAsync(VolumeContext context, CancellationToken cancellationToken);
}
