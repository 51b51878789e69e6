using System.IO.Compression;

namespace Berth.Engine.Snapshots;

/// <summary>Opens a layer blob as its tar stream, gzip or not, judged by content rather than media type.</summary>
public static class LayerCompression
{
    /// <summary>Whether <paramref name="error"/> is how the tar or gzip readers report a damaged or foreign file.</summary>
    public static bool IsCorruptArchive(Exception error) => error is InvalidDataException or FormatException or EndOfStreamException;

    /// <summary>Wraps a seekable stream in a GZipStream when it starts with the gzip magic bytes.</summary>
    public static Stream OpenTar(Stream blob)
    {
        Span<byte> magic = stackalloc byte[4];
        var read = blob.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        blob.Seek(-read, SeekOrigin.Current);
        if (read >= 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            return new GZipStream(blob, CompressionMode.Decompress);
        }
        if (read >= 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd)
        {
            throw new BerthException("zstd-compressed layers are not supported");
        }
        return blob;
    }
}
