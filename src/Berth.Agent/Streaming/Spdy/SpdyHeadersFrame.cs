namespace Berth.Agent.Streaming.Spdy;

/// <summary>HEADERS: more headers on an open stream (read to keep the compression context; port-forward uses none).</summary>
internal sealed record SpdyHeadersFrame(uint StreamId, bool Fin, IReadOnlyDictionary<string, string> Headers) : SpdyFrame;
