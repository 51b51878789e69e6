using System.Buffers.Binary;
using System.Text;

namespace Berth.Agent.Streaming.Spdy;

/// <summary>
/// SPDY/3's uncompressed name/value block: a u32 count, then per pair a u32 length and the name, a
/// u32 length and the value (several values of one name joined by NUL), all big-endian; names lowercase.
/// </summary>
internal static class SpdyHeaderBlock
{
    // Far beyond any header kubectl sends; a larger length is a corrupt block, not an allocation to make.
    private const int MaxLength = 64 * 1024;

    public static byte[] Encode(IReadOnlyDictionary<string, string> headers)
    {
        using var block = new MemoryStream();
        WriteLength(block, headers.Count);
        foreach (var (name, value) in headers)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name.ToLowerInvariant());
            var valueBytes = Encoding.UTF8.GetBytes(value);
            WriteLength(block, nameBytes.Length);
            block.Write(nameBytes);
            WriteLength(block, valueBytes.Length);
            block.Write(valueBytes);
        }
        return block.ToArray();
    }

    /// <summary>Reads exactly one block from <paramref name="input"/> (the decompressed stream).</summary>
    public static Dictionary<string, string> Decode(Stream input)
    {
        var count = ReadLength(input);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = ReadString(input);
            var value = ReadString(input);
            if (name.Length == 0 || !headers.TryAdd(name, value))
            {
                throw new SpdyProtocolException($"invalid header block: empty or repeated name '{name}'");
            }
        }
        return headers;
    }

    private static string ReadString(Stream input)
    {
        var bytes = new byte[ReadLength(input)];
        input.ReadExactly(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    private static int ReadLength(Stream input)
    {
        Span<byte> length = stackalloc byte[4];
        input.ReadExactly(length);
        var value = BinaryPrimitives.ReadUInt32BigEndian(length);
        return value <= MaxLength ? (int)value : throw new SpdyProtocolException($"invalid header block: length {value}");
    }

    private static void WriteLength(Stream output, int length)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)length);
        output.Write(bytes);
    }
}
