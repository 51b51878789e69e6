namespace Berth.Agent.Streaming.Spdy;

/// <summary>SYN_STREAM: the peer opens a stream with these headers (<see cref="Fin"/>: and sends nothing on it).</summary>
internal sealed record SpdySynStreamFrame(uint StreamId, uint AssociatedStreamId, bool Fin, IReadOnlyDictionary<string, string> Headers) : SpdyFrame;
