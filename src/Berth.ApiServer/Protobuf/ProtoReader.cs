namespace Berth.ApiServer.Protobuf;

/// <summary>Reads protobuf wire format: tags, varints, fixed numbers and length-delimited bytes, with bounds checks.</summary>
public sealed class ProtoReader(byte[] buffer)
{
    private int _position;

    public bool AtEnd => _position >= buffer.Length;

    /// <summary>Reads the next field's tag; false at the end.</summary>
    public bool Next(out int number, out int wireType)
    {
        if (AtEnd)
        {
            number = 0;
            wireType = 0;
            return false;
        }
        var tag = ReadVarint();
        number = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        if (number <= 0)
        {
            throw new ProtoFormatException($"invalid field number {number}");
        }
        return true;
    }

    public ulong Varint(int wireType) => wireType == 0 ? ReadVarint() : throw WrongType(wireType, "varint");

    public ulong Fixed64(int wireType) => wireType == 1 ? BitConverter.ToUInt64(Take(8)) : throw WrongType(wireType, "fixed64");

    public uint Fixed32(int wireType) => wireType == 5 ? BitConverter.ToUInt32(Take(4)) : throw WrongType(wireType, "fixed32");

    public byte[] Bytes(int wireType)
    {
        if (wireType != 2)
        {
            throw WrongType(wireType, "length-delimited");
        }
        var length = ReadVarint();
        return length > (ulong)(buffer.Length - _position) ? throw new ProtoFormatException("a length runs past the end") : Take((int)length).ToArray();
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0:
                ReadVarint();
                break;
            case 1:
                Take(8);
                break;
            case 2:
                Bytes(2);
                break;
            case 5:
                Take(4);
                break;
            default:
                throw new ProtoFormatException($"unsupported wire type {wireType}");
        }
    }

    private ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (AtEnd)
            {
                throw new ProtoFormatException("a varint runs past the end");
            }
            var b = buffer[_position++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
        throw new ProtoFormatException("a varint is too long");
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > buffer.Length - _position)
        {
            throw new ProtoFormatException("a value runs past the end");
        }
        var span = buffer.AsSpan(_position, count);
        _position += count;
        return span;
    }

    private static ProtoFormatException WrongType(int wireType, string expected) => new($"wire type {wireType} where {expected} was expected");
}
