using Berth.Agent.Streaming.Spdy;

namespace Berth.Agent.Tests.Streaming;

public class SpdyFrameTests
{
    [Fact]
    public async Task EveryFrameKube_Uses_RoundTrips()
    {
        var headers = new Dictionary<string, string> { ["port"] = "80", ["streamtype"] = "data" };
        SpdyFrame[] frames =
        [
            new SpdySynStreamFrame(1, 0, false, headers),
            new SpdySynReplyFrame(1, false, new Dictionary<string, string>()),
            new SpdyDataFrame(1, false, new byte[] { 1, 2, 3 }),
            new SpdyDataFrame(3, true, ReadOnlyMemory<byte>.Empty),
            new SpdyHeadersFrame(1, true, headers),
            new SpdyRstStreamFrame(5, SpdyRstStreamFrame.RefusedStream),
            new SpdyPingFrame(7),
            new SpdyGoAwayFrame(5, SpdyGoAwayFrame.Ok),
        ];
        using var wire = new MemoryStream();
        using (var writer = new SpdyFrameWriter(wire))
        {
            foreach (var frame in frames)
            {
                await writer.WriteAsync(frame, CancellationToken.None);
            }
        }
        wire.Position = 0;
        using var reader = new SpdyFrameReader(wire);

        foreach (var expected in frames)
        {
            var read = await reader.ReadAsync(CancellationToken.None);
            Assert.Equal(Describe(expected), Describe(read!));
        }
        Assert.Null(await reader.ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Writer_EncodesFramesAsSpdy3Says()
    {
        using var wire = new MemoryStream();
        using (var writer = new SpdyFrameWriter(wire))
        {
            await writer.WriteAsync(new SpdyDataFrame(3, true, new byte[] { 0xaa }), CancellationToken.None);
            await writer.WriteAsync(new SpdyPingFrame(1), CancellationToken.None);
            await writer.WriteAsync(new SpdyRstStreamFrame(3, SpdyRstStreamFrame.Cancel), CancellationToken.None);
        }

        Assert.Equal(
            "00000003" + "01000001" + "aa"
            + "80030006" + "00000004" + "00000001"
            + "80030003" + "00000008" + "00000003" + "00000005",
            Convert.ToHexStringLower(wire.ToArray()));
    }

    [Fact]
    public async Task Reader_SkipsSettingsAndWindowUpdates_AndRefusesOtherVersions()
    {
        var settings = Convert.FromHexString("80030004" + "0000000c" + "00000001" + "01000007" + "00000064");
        var windowUpdate = Convert.FromHexString("80030009" + "00000008" + "00000001" + "00001000");
        using var reader = new SpdyFrameReader(new MemoryStream([.. settings, .. windowUpdate]));
        Assert.Equal(new SpdyIgnoredFrame(4), await reader.ReadAsync(CancellationToken.None));
        Assert.Equal(new SpdyIgnoredFrame(9), await reader.ReadAsync(CancellationToken.None));

        using var spdy2 = new SpdyFrameReader(new MemoryStream(Convert.FromHexString("80020006" + "00000004" + "00000001")));
        await Assert.ThrowsAsync<SpdyProtocolException>(() => spdy2.ReadAsync(CancellationToken.None));
        using var cut = new SpdyFrameReader(new MemoryStream(Convert.FromHexString("80030006" + "00000004" + "0000")));
        await Assert.ThrowsAsync<SpdyProtocolException>(() => cut.ReadAsync(CancellationToken.None));
    }

    private static string Describe(SpdyFrame frame) => frame switch
    {
        SpdyDataFrame data => $"data {data.StreamId} fin={data.Fin} {Convert.ToHexString(data.Data.Span)}",
        SpdySynStreamFrame syn => $"syn {syn.StreamId} {syn.AssociatedStreamId} fin={syn.Fin} {Describe(syn.Headers)}",
        SpdySynReplyFrame reply => $"reply {reply.StreamId} fin={reply.Fin} {Describe(reply.Headers)}",
        SpdyHeadersFrame headers => $"headers {headers.StreamId} fin={headers.Fin} {Describe(headers.Headers)}",
        _ => frame.ToString(),
    };

    private static string Describe(IReadOnlyDictionary<string, string> headers) => string.Join(',', headers.Select(h => $"{h.Key}={h.Value}"));
}
