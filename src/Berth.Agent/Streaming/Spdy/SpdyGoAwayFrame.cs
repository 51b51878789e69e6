namespace Berth.Agent.Streaming.Spdy;

/// <summary>GOAWAY: the sender takes no new streams after <see cref="LastGoodStreamId"/>.</summary>
internal sealed record SpdyGoAwayFrame(uint LastGoodStreamId, uint Status) : SpdyFrame
{
    public const uint Ok = 0;
    public const uint ProtocolError = 1;
}
