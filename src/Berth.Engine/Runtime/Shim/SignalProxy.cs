using System.Runtime.InteropServices;

namespace Berth.Engine.Runtime.Shim;

/// <summary>
/// While a container runs in the foreground, passes the signals this process receives on to it (Podman's
/// --sig-proxy) and, with a terminal, window-size changes (SIGWINCH) to its pseudo-terminal. Registered
/// before the container starts, so no signal meant for it can end the CLI instead; signals that come before
/// the container has started are held until it has.
/// </summary>
public sealed class SignalProxy : IDisposable
{
    /// <summary>
    /// The catchable signals a user sends to a foreground process: HUP, INT, QUIT, USR1, USR2, ALRM, TERM,
    /// CONT, TSTP, TTIN, TTOU, VTALRM, PROF, PWR. Not forwarded: KILL and STOP (uncatchable), CHLD, PIPE,
    /// URG, WINCH (handled here), and the realtime signals, which the .NET runtime uses itself.
    /// </summary>
    public static IReadOnlyList<int> ForwardedSignals { get; } = [1, 2, 3, 10, 12, 14, 15, 18, 20, 21, 22, 26, 27, 30];

    private const int SigWinch = 28;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly List<int> _pending = [];
    private readonly Lock _lock = new();
    private readonly Lock _resizeLock = new();
    private Action<int>? _forward;

    /// <param name="resizeTerminal">Called with the new size on SIGWINCH; null for a container without a terminal.</param>
    public SignalProxy(Action<int, int>? resizeTerminal)
    {
        foreach (var signal in ForwardedSignals)
        {
            _registrations.Add(PosixSignalRegistration.Create((PosixSignal)signal, context =>
            {
                context.Cancel = true;
                Deliver(signal);
            }));
        }
        if (resizeTerminal is not null)
        {
            // Reading the size and sending it under one lock: two quick SIGWINCHs (`stty rows R cols C`
            // sets one, then the other) handled on two threads could otherwise send the older size last.
            _registrations.Add(PosixSignalRegistration.Create((PosixSignal)SigWinch, _ =>
            {
                lock (_resizeLock)
                {
                    if (TerminalRawMode.WindowSize is var (rows, columns))
                    {
                        resizeTerminal(rows, columns);
                    }
                }
            }));
        }
    }

    /// <summary>
    /// From now on signals go to <paramref name="forward"/> (the started container), starting with those
    /// that came while it was being started: its process may already run and expect them.
    /// </summary>
    public void Forward(Action<int> forward)
    {
        lock (_lock)
        {
            _forward = forward;
            _pending.ForEach(forward);
            _pending.Clear();
        }
    }

    private void Deliver(int signal)
    {
        lock (_lock)
        {
            if (_forward is null)
            {
                _pending.Add(signal);
            }
            else
            {
                _forward(signal);
            }
        }
    }

    public void Dispose() => _registrations.ForEach(r => r.Dispose());
}
