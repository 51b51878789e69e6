namespace Berth.Agent.Streaming.Spdy;

/// <summary>PING: the receiver of a peer's ping (odd ids from the client) sends it back unchanged.</summary>
internal sealed record SpdyPingFrame(uint Id) : SpdyFrame;
