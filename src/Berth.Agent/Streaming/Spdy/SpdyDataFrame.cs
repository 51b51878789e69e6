namespace Berth.Agent.Streaming.Spdy;

/// <summary>DATA: bytes of one stream; <see cref="Fin"/> ends the sender's half.</summary>
internal sealed record SpdyDataFrame(uint StreamId, bool Fin, ReadOnlyMemory<byte> Data) : SpdyFrame;
