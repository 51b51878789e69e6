using System.IO.Compression;

namespace Berth.Engine.Snapshots;

/// <summary>Opens a layer blob as its tar stream, gzip or not, judged by content rather than media type.</summary>
public static class LayerCompression
{
    /// <summary>How many leading bytes <see cref="OpenTar(Stream, ReadOnlySpan{byte})"/> needs to judge a blob.</summary>
    public const int HeadLength = 4;

    /// <summary>Whether <paramref name="error"/> is how the tar or gzip readers report a damaged or foreign file.</summary>
    public static bool IsCorruptArchive(Exception error) => error is InvalidDataException or FormatException or EndOfStreamException;

    /// <summary>Wraps a seekable stream in a GZipStream when it starts with the gzip magic bytes.</summary>
    public static Stream OpenTar(Stream blob)
    {
        Span<byte> head = stackalloc byte[HeadLength];
        var read = blob.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        blob.Seek(-read, SeekOrigin.Current);
        return OpenTar(blob, head[..read]);
    }

    /// <summary>
    /// The same for a stream that cannot seek (a layer being downloaded): <paramref name="head"/> is its
    /// first bytes (up to <see cref="HeadLength"/>), peeked but still unread in <paramref name="blob"/>.
    /// </summary>
    public static Stream OpenTar(Stream blob, ReadOnlySpan<byte> head)
    {
        if (head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b)
        {
            return new GZipStream(blob, CompressionMode.Decompress);
        }
        if (head.Length >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd)
        {
            throw new BerthException("zstd-compressed layers are not supported");
        }
        return blob;
    }
}
