using Berth.Agent.Streaming.Spdy;

namespace Berth.Agent.Tests.Streaming;

public class SpdyHeaderCompressionTests
{
    [Fact]
    public void Dictionary_IsSpdy3s_ByLengthAndAdler32()
    {
        var bytes = SpdyDictionary.Bytes;
        uint a = 1, b = 0;
        foreach (var x in bytes)
        {
            a = (a + x) % 65521;
            b = (b + a) % 65521;
        }
        Assert.Equal(1423, bytes.Length);
        Assert.Equal(0xe3c6a7c2u, (b << 16) | a);
    }

    [Fact]
    public void Decompressor_ReadsBlocksCompressedAgainstTheDictionary_InOneContext()
    {
        // Two blocks from zlib with the SPDY/3 dictionary preset (FDICT header 78 f9 + its adler32), sync-flushed,
        // the second referring back into the first, as kubectl's framer writes its error and data streams' headers.
        var first = Convert.FromHexString("78f9e3c6a7c202253a48f95b044eea16061606e0745752949a980b2d5a585341010f64701641a2311394bc190d00000000ffff");
        var second = Convert.FromHexString("224a33a85c4ac4d40b000000ffff");
        using var decompressor = new SpdyHeaderDecompressor();

        Assert.Equal(Headers(("port", "8080"), ("streamtype", "error"), ("requestid", "0")), decompressor.Decompress(first));
        Assert.Equal(Headers(("port", "8080"), ("streamtype", "data"), ("requestid", "0")), decompressor.Decompress(second));
    }

    [Fact]
    public void CompressedBlocks_RoundTrip_OneAfterAnother()
    {
        using var compressor = new SpdyHeaderCompressor();
        using var decompressor = new SpdyHeaderDecompressor();
        var blocks = new[]
        {
            Headers(),
            Headers(("port", "80"), ("streamtype", "error"), ("requestid", "1")),
            Headers(("port", "80"), ("streamtype", "data"), ("requestid", "1")),
            Headers(("x-long", new string('v', 5000))),
        };

        foreach (var headers in blocks)
        {
            var block = compressor.Compress(headers);
            Assert.Equal(headers, decompressor.Decompress(block));
        }
    }

    [Fact]
    public void Decompressor_RefusesAStreamWithoutAZlibHeader_OrWithAnotherDictionary()
    {
        using var plain = new SpdyHeaderDecompressor();
        Assert.Throws<SpdyProtocolException>(() => plain.Decompress([0x01, 0x02, 0x03]));
        using var other = new SpdyHeaderDecompressor();
        Assert.Throws<SpdyProtocolException>(() => other.Decompress(Convert.FromHexString("78f900000001000000ffff")));
    }

    private static Dictionary<string, string> Headers(params (string Name, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Name, p => p.Value);
}
