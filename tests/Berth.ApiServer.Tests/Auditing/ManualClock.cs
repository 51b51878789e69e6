namespace Berth.ApiServer.Tests.Auditing;

/// <summary>A clock the test moves.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>Keeps the lines written, or blocks every write until released.</summary>
internal sealed class MemorySink(bool blocked = false) : Berth.ApiServer.Auditing.IAuditSink
{
    private readonly ManualResetEventSlim _open = new(!blocked);
    private readonly List<string> _lines = [];
    private bool _entered;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public bool Flushed { get; private set; }

    /// <summary>A write has begun (and, blocked, waits).</summary>
    public bool Entered { get => Volatile.Read(ref _entered); private set => Volatile.Write(ref _entered, value); }

    public bool Disposed { get; private set; }

    public void Release() => _open.Set();

    public void Write(ReadOnlySpan<byte> line)
    {
        var text = System.Text.Encoding.UTF8.GetString(line);
        Entered = true;
        _open.Wait();
        lock (_lines)
        {
            _lines.Add(text);
        }
    }

    public void Flush() => Flushed = true;

    public void Dispose() => Disposed = true;
}
