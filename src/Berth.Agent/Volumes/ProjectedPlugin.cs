namespace Berth.Agent.Volumes;

/// <summary>
/// projected: configMap, secret, downwardAPI and serviceAccountToken sources merged into one tmpfs
/// volume in the atomic ..data layout. A clusterTrustBundle source is refused (FailedMount).
/// </summary>
public sealed class ProjectedPlugin(ApiDataProjector projector, ServiceAccountTokens tokens, TimeProvider time) : IVolumePlugin
{
    public const string PluginDirectory = "kubernetes.io~projected";

    public bool IsApiData => true;

    public bool Handles(VolumeContext context) => context.Volume.Projected is not null;

    public string HostPath(VolumeContext context) => context.DirectoryOf(PluginDirectory);

    public async Task SetUpAsync(VolumeContext context, CancellationToken cancellationToken)
    {
        var volume = context.Volume.Projected;
        var mode = volume.DefaultMode ?? ApiDataProjector.DefaultMode;
        var @namespace = context.Pod.Metadata.NamespaceProperty;
        var files = new Dictionary<string, FileProjection>(StringComparer.Ordinal);
        foreach (var source in volume.Sources ?? [])
        {
            var projected = source switch
            {
                { ConfigMap: { } c } => await projector.ConfigMapAsync(@namespace, c.Name, c.Items, c.Optional == true, mode, cancellationToken),
                { Secret: { } s } => await projector.SecretAsync(@namespace, s.Name, s.Items, s.Optional == true, mode, cancellationToken),
                { DownwardAPI: { } d } => projector.DownwardApi(context.Pod, d.Items, mode),
                { ServiceAccountToken: { } t } => new Dictionary<string, FileProjection>(StringComparer.Ordinal)
                {
                    [t.Path] = new(System.Text.Encoding.UTF8.GetBytes(await tokens.TokenAsync(context.Pod, t, cancellationToken)), mode),
                },
                _ => throw new VolumeSetUpException("this projected volume source is not supported by berth's agent yet"),
            };
            foreach (var (path, file) in projected)
            {
                files[path] = file;
            }
        }
        Tmpfs.EnsureMounted(HostPath(context));
        AtomicWriter.Write(HostPath(context), files, time.GetUtcNow());
    }
}
