using System.Runtime.InteropServices;

namespace Berth.Cli.Commands;

/// <summary>
/// While held, SIGINT (Ctrl-C) and SIGTERM cancel <see cref="Token"/> instead of ending the process on
/// the spot, so a long command (a pull) stops at a safe point and says so in one line.
/// </summary>
internal sealed class InterruptSignals : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly PosixSignalRegistration[] _registrations;

    public InterruptSignals(CancellationToken outer)
    {
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    public CancellationToken Token => _cancellation.Token;

    public void Dispose()
    {
        Array.ForEach(_registrations, r => r.Dispose());
        _cancellation.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _cancellation.Cancel();
    }
}
