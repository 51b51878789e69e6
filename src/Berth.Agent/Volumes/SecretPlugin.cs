namespace Berth.Agent.Volumes;

/// <summary>secret: the Secret's keys as files on a tmpfs (never on disk), in the atomic ..data layout, rewritten when the Secret changes.</summary>
public sealed class SecretPlugin(ApiDataProjector projector, TimeProvider time) : IVolumePlugin
{
    public const string PluginDirectory = "kubernetes.io~secret";

    public bool IsApiData => true;

    public bool Handles(VolumeContext context) => context.Volume.Secret is not null;

    public string HostPath(VolumeContext context) => context.DirectoryOf(PluginDirectory);

    public async Task SetUpAsync(VolumeContext context, CancellationToken cancellationToken)
    {
        var source = context.Volume.Secret;
        var files = await projector.SecretAsync(context.Pod.Metadata.NamespaceProperty, source.SecretName, source.Items, source.Optional == true,
            source.DefaultMode ?? ApiDataProjector.DefaultMode, cancellationToken);
        Tmpfs.EnsureMounted(HostPath(context));
        AtomicWriter.Write(HostPath(context), files, time.GetUtcNow());
    }
}
