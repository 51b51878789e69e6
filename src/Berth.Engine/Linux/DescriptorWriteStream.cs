using System.Runtime.InteropServices;

namespace Berth.Engine.Linux;

/// <summary>
/// A write-only stream over a file descriptor this process inherited (its stdout), written with write(2) at the
/// descriptor's own offset. A FileStream on a regular file writes with pwrite at a position it keeps itself, which the
/// shell's next write does not see: `{ echo a; berth run IMG echo b; echo c; } > file` lost b. A write to a closed pipe
/// throws (EPIPE), where Console.OpenStandardOutput() drops it silently.
/// </summary>
internal sealed partial class DescriptorWriteStream(int descriptor) : Stream
{
    private const int EINTR = 4;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            nint written;
            fixed (byte* bytes = buffer)
            {
                written = write(descriptor, bytes, (nuint)buffer.Length);
            }
            if (written < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EINTR)
                {
                    continue;
                }
                throw new IOException($"write to descriptor {descriptor}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
            }
            buffer = buffer[(int)written..];
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial nint write(int fd, byte* buffer, nuint count);
}
