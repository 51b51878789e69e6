using System.Text;
using Berth.Engine.Store;

using Berth.Engine.Linux;

namespace Berth.Engine.Snapshots;

/// <summary>
/// Whiteouts in both spellings: OCI layers mark deletions with ".wh.NAME" entries and opaque
/// directories with ".wh..wh..opq" (image-spec §layer "Whiteouts"); overlayfs wants a 0/0 character
/// device named NAME and the xattr trusted.overlay.opaque=y (kernel Documentation/filesystems/overlayfs.rst).
/// </summary>
public static class OverlayWhiteout
{
    public const string Prefix = ".wh.";
    public const string OpaqueMarker = ".wh..wh..opq";
    private const string OpaqueXattr = "trusted.overlay.opaque";
    private static readonly byte[] OpaqueValue = Encoding.ASCII.GetBytes("y");

    /// <summary>Hides NAME of the lower layers: a 0/0 character device at <paramref name="path"/>.</summary>
    public static void CreateWhiteout(string path) => Posix.MkNod(path, Posix.CharacterDevice, 0, 0);

    /// <summary>Hides the lower layers' content of the directory at <paramref name="path"/>.</summary>
    public static void MarkOpaque(string path) => Posix.LSetXattr(path, OpaqueXattr, OpaqueValue);

    public static bool IsOpaque(string path) => Posix.LGetXattr(path, OpaqueXattr) is [(byte)'y'];
}
