using System.Text;

namespace Berth.ApiServer.Protobuf;

/// <summary>Writes protobuf wire format (the counterpart of <see cref="ProtoReader"/>): varints, booleans, strings and nested messages.</summary>
public sealed class ProtoWriter
{
    private readonly MemoryStream _buffer = new();

    public ProtoWriter String(int field, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Bytes(field, Encoding.UTF8.GetBytes(value));
        }
        return this;
    }

    public ProtoWriter Bool(int field, bool value)
    {
        if (value)
        {
            Tag(field, 0);
            Varint(1);
        }
        return this;
    }

    /// <summary>A nested message, written even when empty (its presence can matter).</summary>
    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    public byte[] ToArray() => _buffer.ToArray();

    private ProtoWriter Bytes(int field, byte[] bytes)
    {
        Tag(field, 2);
        Varint((ulong)bytes.Length);
        _buffer.Write(bytes);
        return this;
    }

    private void Tag(int field, int wireType) => Varint(((ulong)field << 3) | (uint)wireType);

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.WriteByte((byte)value);
    }
}
