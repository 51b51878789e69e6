using System.IO.Compression;

namespace Berth.Agent.Streaming.Spdy;

/// <summary>
/// Compresses one direction's header blocks as one zlib stream, each block ending in a sync flush
/// (SPDY/3 keeps the context for the whole connection). It never refers back into the SPDY
/// dictionary, which a reader primed with it accepts as any zlib stream: the dictionary only seeds history.
/// </summary>
internal sealed class SpdyHeaderCompressor : IDisposable
{
    private readonly MemoryStream _output = new();
    private readonly ZLibStream _zlib;

    public SpdyHeaderCompressor()
    {
        _zlib = new ZLibStream(_output, CompressionLevel.Fastest, leaveOpen: true);
    }

    public byte[] Compress(IReadOnlyDictionary<string, string> headers)
    {
        _zlib.Write(SpdyHeaderBlock.Encode(headers));
        // DeflateStream.Flush is zlib's Z_SYNC_FLUSH: everything written so far can be inflated.
        _zlib.Flush();
        var block = _output.ToArray();
        _output.SetLength(0);
        return block;
    }

    public void Dispose()
    {
        _zlib.Dispose();
        _output.Dispose();
    }
}
