using System.Buffers.Binary;
using System.IO.Compression;

namespace Berth.Agent.Streaming.Spdy;

/// <summary>
/// Inflates the peer's header blocks, one zlib stream across the connection, compressed against
/// <see cref="SpdyDictionary"/>. .NET's inflater takes no preset dictionary, so the zlib header is
/// dropped and the raw deflate data is preceded by a stored (uncompressed) block holding the
/// dictionary: the inflater's history then starts with it, exactly what a preset dictionary does,
/// and its copy in the output is skipped once.
/// </summary>
internal sealed class SpdyHeaderDecompressor : IDisposable
{
    private const byte FlagPresetDictionary = 0x20;

    /// <summary>adler32 of the SPDY/3 dictionary, which a zlib header with FDICT names.</summary>
    private const uint DictionaryId = 0xe3c6a7c2;

    private readonly QueuedInput _input = new();
    private readonly DeflateStream _inflater;
    private bool _started;

    public SpdyHeaderDecompressor()
    {
        _inflater = new DeflateStream(_input, CompressionMode.Decompress);
    }

    /// <summary>The headers of one compressed block (the next one of this direction).</summary>
    public Dictionary<string, string> Decompress(ReadOnlySpan<byte> block)
    {
        try
        {
            if (!_started)
            {
                block = StartStream(block);
            }
            _input.Add(block);
            return SpdyHeaderBlock.Decode(_inflater);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new SpdyProtocolException($"invalid compressed header block: {e.Message}", e);
        }
    }

    // Checks and drops the zlib header (and the dictionary's id), then primes the history with the dictionary.
    private ReadOnlySpan<byte> StartStream(ReadOnlySpan<byte> block)
    {
        if (block.Length < 2 || (block[0] & 0x0f) != 8 || ((block[0] << 8) | block[1]) % 31 != 0)
        {
            throw new SpdyProtocolException("invalid compressed header block: no zlib header");
        }
        var headerLength = 2;
        if ((block[1] & FlagPresetDictionary) != 0)
        {
            if (block.Length < 6 || BinaryPrimitives.ReadUInt32BigEndian(block[2..]) != DictionaryId)
            {
                throw new SpdyProtocolException("invalid compressed header block: not compressed with the SPDY/3 dictionary");
            }
            headerLength = 6;
        }
        var dictionary = SpdyDictionary.Bytes;
        Span<byte> stored = stackalloc byte[5];
        stored[0] = 0; // BFINAL 0, BTYPE 00 (stored), then aligned to the byte
        BinaryPrimitives.WriteUInt16LittleEndian(stored[1..], (ushort)dictionary.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(stored[3..], (ushort)~dictionary.Length);
        _input.Add(stored);
        _input.Add(dictionary);
        _input.Add(block[headerLength..]);
        _inflater.ReadExactly(new byte[dictionary.Length]);
        _started = true;
        return [];
    }

    public void Dispose() => _inflater.Dispose();

    /// <summary>The compressed bytes handed in so far, read by the inflater; empty reads only at a block's end.</summary>
    private sealed class QueuedInput : Stream
    {
        private readonly Queue<byte[]> _chunks = new();
        private int _offset;

        public void Add(ReadOnlySpan<byte> bytes)
        {
            if (!bytes.IsEmpty)
            {
                _chunks.Enqueue(bytes.ToArray());
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (!_chunks.TryPeek(out var chunk))
            {
                return 0;
            }
            var n = Math.Min(buffer.Length, chunk.Length - _offset);
            chunk.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            if (_offset == chunk.Length)
            {
                _chunks.Dequeue();
                _offset = 0;
            }
            return n;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
