using System.Security.Cryptography;

namespace Berth.ApiServer.Objects;

/// <summary>
/// Random (version 4) UUIDs, as <see cref="Guid.NewGuid"/> makes them, cut from a per-thread buffer of secure random bytes
/// that is refilled 256 UUIDs at a time: <see cref="Guid.NewGuid"/> reads the kernel's random source on every call, a
/// system call that costs microseconds on a virtual machine, and the API server makes one UUID per request (the audit
/// ID) and one per created object (its uid).
/// </summary>
public static class RandomUuid
{
    private const int BufferSize = 4096;
    private const int UuidSize = 16;

    [ThreadStatic]
    private static byte[]? t_buffer;

    [ThreadStatic]
    private static int t_left;

    /// <summary>A new UUID in its usual text form (8-4-4-4-12 lower-case hex digits).</summary>
    public static string NewString() => New().ToString();

    public static Guid New()
    {
        var buffer = t_buffer ??= new byte[BufferSize];
        if (t_left == 0)
        {
            RandomNumberGenerator.Fill(buffer);
            t_left = BufferSize;
        }
        var bytes = buffer.AsSpan(BufferSize - t_left, UuidSize);
        t_left -= UuidSize;
        // RFC 9562: the version (4) in the high nibble of the 7th byte, the variant (10) in the top bits of the 9th; a Guid's
        // first three fields are little-endian, so the 7th byte of the text is bytes[7].
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
