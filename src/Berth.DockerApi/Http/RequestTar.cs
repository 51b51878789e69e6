using System.IO.Compression;

namespace Berth.DockerApi.Http;

/// <summary>A request body that is a tar, plain or gzip-compressed (a build context, an image archive to load), as a plain tar stream.</summary>
public static class RequestTar
{
    public static async Task<Stream> OpenAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffered = new BufferedStream(body, 64 * 1024);
        var magic = new byte[2];
        var peeked = await buffered.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, cancellationToken);
        Stream tar = new PrefixedStream(magic.AsMemory(0, peeked), buffered);
        return peeked == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(tar, CompressionMode.Decompress) : tar;
    }
}
