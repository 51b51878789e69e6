using System.Formats.Tar;
using Berth.Engine.Store;

using Berth.Engine.Linux;

namespace Berth.Engine.Snapshots;

/// <summary>
/// Turns a directory in overlayfs upper form (a build step's changes) into a layer tar: entries in
/// name order with modes, owners, links and devices, 0/0 character devices as ".wh.NAME" and opaque
/// directories followed by ".wh..wh..opq" (image-spec §layer "Whiteouts").
/// </summary>
public static class LayerDiffer
{
    public static async Task WriteAsync(string directory, Stream output, CancellationToken cancellationToken)
    {
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await WriteChildrenAsync(tar, directory, "", cancellationToken);
    }

    /// <summary>Whether the directory holds any change at all.</summary>
    public static bool IsEmpty(string directory) => !Directory.EnumerateFileSystemEntries(directory).Any();

    private static async Task WriteChildrenAsync(TarWriter tar, string directory, string prefix, CancellationToken cancellationToken)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            var fileName = Path.GetFileName(path);
            var name = prefix + fileName;
            var status = Posix.LStat(path);
            if (status.IsWhiteoutDevice)
            {
                await WriteMarkerAsync(tar, prefix + OverlayWhiteout.Prefix + fileName, cancellationToken);
                continue;
            }
            var isDirectory = status.FileType == Posix.Directory;
            await tar.WriteEntryAsync(path, isDirectory ? name + "/" : name, cancellationToken);
            if (isDirectory)
            {
                if (OverlayWhiteout.IsOpaque(path))
                {
                    await WriteMarkerAsync(tar, $"{name}/{OverlayWhiteout.OpaqueMarker}", cancellationToken);
                }
                await WriteChildrenAsync(tar, path, name + "/", cancellationToken);
            }
        }
    }

    private static async Task WriteMarkerAsync(TarWriter tar, string name, CancellationToken cancellationToken) =>
        await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { Mode = (UnixFileMode)0x1A4 }, cancellationToken);
}
