namespace Berth.Agent.Streaming.Spdy;

/// <summary>RST_STREAM: the stream ends abnormally, both halves at once.</summary>
internal sealed record SpdyRstStreamFrame(uint StreamId, uint Status) : SpdyFrame
{
    public const uint ProtocolError = 1;
    public const uint InvalidStream = 2;
    public const uint RefusedStream = 3;
    public const uint Cancel = 5;
    public const uint InternalError = 6;
}
