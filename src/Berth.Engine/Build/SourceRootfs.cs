using Berth.Engine.Runtime;

namespace Berth.Engine.Build;

/// <summary>
/// The merged filesystem of a built stage or an image, for COPY --from to read: an overlay of its
/// layers on a scratch upper directory (so nothing writes to the snapshots), or an empty directory
/// for a stage with no layers. Unmounted and removed on dispose.
/// </summary>
internal sealed class SourceRootfs : IDisposable
{
    private readonly string _scratch;
    private readonly bool _mounted;

    public SourceRootfs(IReadOnlyList<string> layerDirectories, string scratch)
    {
        _scratch = scratch;
        Path = System.IO.Path.Combine(scratch, "merged");
        Directory.CreateDirectory(Path);
        if (layerDirectories.Count > 0)
        {
            OverlayRootfs.Mount(layerDirectories, System.IO.Path.Combine(scratch, "upper"), System.IO.Path.Combine(scratch, "work"), Path);
            _mounted = true;
        }
    }

    public string Path { get; }

    public void Dispose()
    {
        if (_mounted)
        {
            OverlayRootfs.Unmount(Path);
        }
        Directory.Delete(_scratch, recursive: true);
    }
}
