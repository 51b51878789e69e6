namespace Berth.Agent.Volumes;

/// <summary>downwardAPI: the pod's own fields and its containers' resources as files, in the atomic ..data layout, rewritten when its labels or annotations change.</summary>
public sealed class DownwardApiPlugin(ApiDataProjector projector, TimeProvider time) : IVolumePlugin
{
    public const string PluginDirectory = "kubernetes.io~downward-api";

    public bool IsApiData => true;

    public bool Handles(VolumeContext context) => context.Volume.DownwardAPI is not null;

    public string HostPath(VolumeContext context) => context.DirectoryOf(PluginDirectory);

    public Task SetUpAsync(VolumeContext context, CancellationToken cancellationToken)
    {
        var source = context.Volume.DownwardAPI;
        var files = projector.DownwardApi(context.Pod, source.Items, source.DefaultMode ?? ApiDataProjector.DefaultMode);
        var directory = Directory.CreateDirectory(HostPath(context)).FullName;
        AtomicWriter.Write(directory, files, time.GetUtcNow());
        return Task.CompletedTask;
    }
}
