using System.Runtime.InteropServices;

namespace Berth.Cli.Commands;

/// <summary>
/// While held, SIGINT (Ctrl-C) and SIGTERM cancel <see cref="Token"/> instead of ending the process on
/// the spot, so a long command (a pull, a push) stops at a safe point and says so in one line.
/// </summary>
internal sealed class InterruptSignals : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly PosixSignalRegistration[] _registrations;
    private readonly Lock _lock = new();
    private bool _disposed;

    public InterruptSignals(CancellationToken outer)
    {
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    public CancellationToken Token => _cancellation.Token;

    /// <summary>
    /// Runs <paramref name="action"/> with a token the signals cancel; an interrupted run prints
    /// <c>Error: <paramref name="interrupted"/></c> and ends with <see cref="ExitCodes.Interrupted"/>.
    /// </summary>
    public static async Task<int> RunAsync(string interrupted, Func<CancellationToken, Task<int>> action, CancellationToken outer)
    {
        using var signals = new InterruptSignals(outer);
        try
        {
            return await action(signals.Token);
        }
        catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"Error: {interrupted}");
            return ExitCodes.Interrupted;
        }
    }

    public void Dispose()
    {
        Array.ForEach(_registrations, r => r.Dispose());
        lock (_lock)
        {
            _disposed = true;
            _cancellation.Dispose();
        }
    }

    // A signal's handler runs on a pool thread and may still be on its way when the command has ended
    // and disposed this: cancelling then would crash the process with an ObjectDisposedException.
    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        lock (_lock)
        {
            if (!_disposed)
            {
                _cancellation.Cancel();
            }
        }
    }
}
