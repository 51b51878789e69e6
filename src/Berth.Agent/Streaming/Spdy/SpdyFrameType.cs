namespace Berth.Agent.Streaming.Spdy;

/// <summary>SPDY/3's control frame types and the framing constants both directions share.</summary>
internal static class SpdyFrameType
{
    public const ushort Version = 3;
    public const ushort SynStream = 1;
    public const ushort SynReply = 2;
    public const ushort RstStream = 3;
    public const ushort Ping = 6;
    public const ushort GoAway = 7;
    public const ushort Headers = 8;

    public const byte FlagFin = 0x01;

    /// <summary>Frame lengths are 24-bit.</summary>
    public const int MaxLength = (1 << 24) - 1;

    public const uint StreamIdMask = 0x7fffffff;
}
