namespace Berth.Agent.Streaming.Spdy;

/// <summary>One SPDY/3 frame as read or to be written; stream ids are 31-bit.</summary>
internal abstract record SpdyFrame;
