using Berth.Engine.Streams;

namespace Berth.Cli.Commands;

/// <summary>
/// The terminal's input on its way to an attached container, watched for the detach key sequence: once it is typed,
/// <see cref="Detached"/> is cancelled and reading stops (what came before it in the same read still goes through).
/// Keys of a partial sequence are held back until the next key shows whether the sequence goes on.
/// </summary>
public sealed class DetachingStream(Stream input, byte[] sequence) : ForwardOnlyReadStream
{
    private readonly CancellationTokenSource _detached = new();
    private int _matched;

    public CancellationToken Detached => _detached.Token;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _detached.Token.ThrowIfCancellationRequested();
        while (true)
        {
            // Room for the held keys of a broken sequence besides what is read.
            var raw = new byte[Math.Max(1, buffer.Length - sequence.Length)];
            var read = await input.ReadAsync(raw, cancellationToken);
            if (read == 0 || sequence.Length == 0)
            {
                raw.AsSpan(0, read).CopyTo(buffer.Span);
                return read;
            }
            var written = 0;
            foreach (var key in raw.AsSpan(0, read))
            {
                if (key == sequence[_matched])
                {
                    if (++_matched == sequence.Length)
                    {
                        _detached.Cancel();
                        return written > 0 ? written : throw new OperationCanceledException(_detached.Token);
                    }
                    continue;
                }
                // A broken sequence: the held keys were meant for the container.
                sequence.AsSpan(0, _matched).CopyTo(buffer.Span[written..]);
                written += _matched;
                _matched = key == sequence[0] ? 1 : 0;
                if (_matched == 0)
                {
                    buffer.Span[written++] = key;
                }
            }
            if (written > 0)
            {
                return written;
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _detached.Dispose();
        }
        base.Dispose(disposing);
    }
}
