namespace Berth.ApiServer.Tests.Auditing;

/// <summary>A clock the test moves; one-shot timers fire when it passes their time.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    private readonly List<ManualTimer> _timers = [];

    public DateTimeOffset Now { get; set; } = now;

    /// <summary>Timers waiting to fire.</summary>
    public int Timers
    {
        get
        {
            lock (_timers)
            {
                return _timers.Count;
            }
        }
    }

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by)
    {
        Now += by;
        List<ManualTimer> due;
        lock (_timers)
        {
            due = [.. _timers.Where(t => t.Due <= Now)];
            _timers.RemoveAll(due.Contains);
        }
        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._timers)
            {
                clock._timers.Remove(this);
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    Due = clock.Now + dueTime;
                    clock._timers.Add(this);
                }
            }
            return true;
        }

        public void Dispose() => Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
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
