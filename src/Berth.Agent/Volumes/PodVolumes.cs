using Berth.Agent.Pods;
using Berth.Client.Rest;
using Berth.Engine.Runtime;
using k8s.Models;

namespace Berth.Agent.Volumes;

/// <summary>
/// A pod's volumes on this node (kubelet's volume manager, per pod): sets up each volume that a
/// container mounts through the plugin of its source, and turns a container's volumeMounts
/// (readOnly, subPath, subPathExpr) into the engine's bind mounts. What a pod's volumes mount on the
/// host lives under the pod's directory and is unmounted with it (<see cref="MountTable.UnmountUnder"/>).
/// </summary>
public sealed class PodVolumes(IReadOnlyList<IVolumePlugin> plugins)
{
    /// <summary>How soon a pod whose volumes could not be set up is tried again.</summary>
    public static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often a running pod's API data volumes are rewritten from their objects, so updates appear
    /// in place: kubelet's periodic pod sync (syncFrequency, one minute). Each refresh is a whole pod
    /// sync; with 10 s, 100 idle pods kept a fifth of a core busy.
    /// </summary>
    public static readonly TimeSpan RefreshPeriod = TimeSpan.FromMinutes(1);

    /// <summary>Every source this agent knows, reading ConfigMaps and Secrets through <paramref name="client"/>.</summary>
    public static PodVolumes Default(ApiClient client, IReadOnlyDictionary<string, ResourceQuantity> allocatable, TimeProvider time)
    {
        var projector = new ApiDataProjector(client.For(KubeResources.ConfigMaps), client.For(KubeResources.Secrets), allocatable);
        return new([
            new EmptyDirPlugin(), new HostPathPlugin(), new ConfigMapPlugin(projector, time), new SecretPlugin(projector, time),
            new DownwardApiPlugin(projector, time), new ProjectedPlugin(projector, new ServiceAccountTokens(client.For(KubeResources.ServiceAccounts), time), time),
            new PersistentVolumeClaimPlugin(client),
        ]);
    }

    /// <summary>When to sync the pod again to refresh its API data volumes; null when it has none.</summary>
    public TimeSpan? RefreshAfter(V1Pod pod, string podDirectory) =>
        (pod.Spec.Volumes ?? []).Any(v => plugins.FirstOrDefault(p => p.Handles(new VolumeContext(pod, v, podDirectory)))?.IsApiData == true)
            ? RefreshPeriod
            : null;

    /// <summary>Sets up the pod's mounted volumes; the first that fails ends it with kube's FailedMount message.</summary>
    public async Task SetUpAsync(V1Pod pod, string podDirectory, CancellationToken cancellationToken)
    {
        var mounted = PodContainerKinds.All(pod).SelectMany(c => c.VolumeMounts ?? []).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var volume in (pod.Spec.Volumes ?? []).Where(v => mounted.Contains(v.Name)))
        {
            var context = new VolumeContext(pod, volume, podDirectory);
            try
            {
                await PluginFor(context).SetUpAsync(context, cancellationToken);
            }
            catch (Exception e) when (e is VolumeSetUpException or IOException or UnauthorizedAccessException)
            {
                throw new VolumeSetUpException($"MountVolume.SetUp failed for volume \"{volume.Name}\" : {e.Message}", e);
            }
        }
    }

    /// <summary>The container's volumeMounts as bind mounts; a mount the node cannot make fails the container with CreateContainerConfigError.</summary>
    public IReadOnlyList<BindMount> MountsFor(V1Pod pod, string podDirectory, V1Container container, IReadOnlyList<KeyValuePair<string, string>> env)
    {
        var mounts = new List<BindMount>();
        foreach (var mount in container.VolumeMounts ?? [])
        {
            var volume = pod.Spec.Volumes?.FirstOrDefault(v => v.Name == mount.Name)
                ?? throw new PodStartException("CreateContainerConfigError", $"cannot find volume \"{mount.Name}\" to mount into container \"{container.Name}\"");
            var context = new VolumeContext(pod, volume, podDirectory);
            var plugin = PluginFor(context);
            var source = plugin.HostPath(context);
            var subPath = mount.SubPath is { Length: > 0 } path ? path
                : mount.SubPathExpr is { Length: > 0 } expression ? VariableExpansion.Expand(expression, name => env.LastOrDefault(e => e.Key == name).Value)
                : null;
            if (subPath is not null)
            {
                try
                {
                    source = SubPaths.Prepare(source, subPath);
                }
                catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
                {
                    throw new PodStartException("CreateContainerConfigError",
                        $"failed to prepare subPath for volumeMount \"{mount.Name}\" of container \"{container.Name}\": {e.Message}", e);
                }
            }
            var readOnly = mount.ReadOnlyProperty == true || plugin.IsApiData || volume.PersistentVolumeClaim?.ReadOnlyProperty == true;
            mounts.Add(new BindMount(source, mount.MountPath, readOnly));
        }
        return mounts;
    }

    private IVolumePlugin PluginFor(VolumeContext context) =>
        plugins.FirstOrDefault(p => p.Handles(context)) ?? throw new VolumeSetUpException("this volume source is not supported by berth's agent yet");
}
