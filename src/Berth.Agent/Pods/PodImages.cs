using System.Collections.Concurrent;
using System.Diagnostics;
using Berth.Client.Events;
using Berth.Client.Rest;
using Berth.Engine;
using Berth.Engine.Images;
using Berth.Engine.Progress;
using Berth.Engine.Registry;
using k8s.Models;

namespace Berth.Agent.Pods;

/// <summary>
/// Makes a container's image present by its imagePullPolicy (Always for :latest or no tag, else
/// IfNotPresent, as the API defaults it), with the kubelet's Pulling/Pulled events. Pods that need
/// one image at once share one pull.
/// </summary>
public sealed class PodImages(ImageStore store, RegistryConnector connector, EventRecorder events)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ImageRecord>>> _pulls = new(StringComparer.Ordinal);

    public async Task<ResolvedImage> EnsureAsync(V1Pod pod, V1Container container, CancellationToken cancellationToken)
    {
        RegistryReference reference;
        try
        {
            reference = RegistryReference.Parse(container.Image ?? "");
        }
        catch (BerthException e)
        {
            throw new PodStartException("InvalidImageName", $"Failed to apply default image tag \"{container.Image}\": {e.Message}", e);
        }
        var name = reference.ToString();
        var policy = container.ImagePullPolicy ?? (reference.Digest is null && reference.Tag == ImageReference.DefaultTag ? "Always" : "IfNotPresent");
        var present = await TryResolveAsync(name, cancellationToken) ?? await TryResolveLocalAsync(container.Image!, cancellationToken);
        if (policy == "Never" && present is null)
        {
            var message = $"Container image \"{container.Image}\" is not present with pull policy of Never";
            events.Warning(KubeResources.Pods, pod, "ErrImageNeverPull", message);
            throw new PodStartException("ErrImageNeverPull", message);
        }
        if (present is not null && policy != "Always")
        {
            events.Normal(KubeResources.Pods, pod, "Pulled", $"Container image \"{container.Image}\" already present on machine");
            return present;
        }
        events.Normal(KubeResources.Pods, pod, "Pulling", $"Pulling image \"{container.Image}\"");
        var watch = Stopwatch.StartNew();
        ImageRecord pulled;
        try
        {
            pulled = await PullOnceAsync(name, reference).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is BerthException or HttpRequestException or IOException)
        {
            var message = $"Failed to pull image \"{container.Image}\": {e.Message}";
            events.Warning(KubeResources.Pods, pod, "Failed", message);
            throw new PodStartException("ErrImagePull", message, e);
        }
        events.Normal(KubeResources.Pods, pod, "Pulled",
            $"Successfully pulled image \"{container.Image}\" in {watch.Elapsed.TotalSeconds:0.###}s. Image size: {pulled.Size} bytes.");
        return await store.ResolveAsync(pulled.Id, cancellationToken);
    }

    /// <summary>
    /// An image built or loaded on this machine under a short name (stored as localhost/NAME, as Podman
    /// stores it): a pod naming it that way runs it when it is not pulled every time, as with CRI-O.
    /// </summary>
    private async Task<ResolvedImage?> TryResolveLocalAsync(string image, CancellationToken cancellationToken) =>
        ImageReference.TryParse(image, out var reference, out _) && reference is { Domain: null, Digest: null }
            ? await TryResolveAsync($"{ImageReference.LocalDomain}/{reference.RepositoryPath}:{reference.Tag ?? ImageReference.DefaultTag}", cancellationToken)
            : null;

    private async Task<ResolvedImage?> TryResolveAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await store.ResolveAsync(name, cancellationToken);
        }
        catch (BerthException)
        {
            return null;
        }
    }

    /// <summary>One pull per image at a time; whoever asks meanwhile waits for it.</summary>
    private Task<ImageRecord> PullOnceAsync(string name, RegistryReference reference)
    {
        var pull = _pulls.GetOrAdd(name, _ => new Lazy<Task<ImageRecord>>(async () =>
        {
            try
            {
                return await new ImagePuller(store, connector, NullTransferProgress.Instance).PullAsync(reference, PlatformSpec.Default, CancellationToken.None);
            }
            finally
            {
                _pulls.TryRemove(name, out Lazy<Task<ImageRecord>>? _);
            }
        }));
        return pull.Value;
    }
}
