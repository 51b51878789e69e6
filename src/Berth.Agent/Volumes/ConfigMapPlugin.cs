namespace Berth.Agent.Volumes;

/// <summary>configMap: the ConfigMap's keys as files on disk, in the atomic ..data layout, rewritten when the ConfigMap changes.</summary>
public sealed class ConfigMapPlugin(ApiDataProjector projector, TimeProvider time) : IVolumePlugin
{
    public const string PluginDirectory = "kubernetes.io~configmap";

    public bool IsApiData => true;

    public bool Handles(VolumeContext context) => context.Volume.ConfigMap is not null;

    public string HostPath(VolumeContext context) => context.DirectoryOf(PluginDirectory);

    public async Task SetUpAsync(VolumeContext context, CancellationToken cancellationToken)
    {
        var source = context.Volume.ConfigMap;
        var files = await projector.ConfigMapAsync(context.Pod.Metadata.NamespaceProperty, source.Name, source.Items, source.Optional == true,
            source.DefaultMode ?? ApiDataProjector.DefaultMode, cancellationToken);
        var directory = Directory.CreateDirectory(HostPath(context)).FullName;
        AtomicWriter.Write(directory, files, time.GetUtcNow());
    }
}
