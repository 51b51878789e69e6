namespace Berth.Agent.Streaming.Spdy;

/// <summary>SYN_REPLY: the stream is accepted.</summary>
internal sealed record SpdySynReplyFrame(uint StreamId, bool Fin, IReadOnlyDictionary<string, string> Headers) : SpdyFrame;
