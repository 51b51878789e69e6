namespace Berth.Agent.Streaming.Spdy;

/// <summary>A peer broke SPDY/3's framing; the connection ends (with a GOAWAY when it still can be written).</summary>
internal sealed class SpdyProtocolException(string message, Exception? inner = null) : Exception(message, inner);
