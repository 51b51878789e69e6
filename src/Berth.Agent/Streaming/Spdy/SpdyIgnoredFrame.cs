namespace Berth.Agent.Streaming.Spdy;

/// <summary>A control frame this endpoint has no use for (SETTINGS, WINDOW_UPDATE, CREDENTIAL, or unknown): skipped, as spdystream does.</summary>
internal sealed record SpdyIgnoredFrame(ushort Type) : SpdyFrame;
