using Berth.Engine.Linux;
using Microsoft.Win32.SafeHandles;

namespace Berth.Engine.Runtime;

/// <summary>
/// A pseudo-terminal this process holds the master side of: a process given the subsidiary side
/// (<see cref="SubsidiaryPath"/>) as its terminal reads what is written to <see cref="Master"/> and
/// writes what is read from it. Reads end (an <see cref="IOException"/>, EIO) once every holder of the
/// subsidiary side has closed it.
/// </summary>
public sealed class PseudoTerminal : IDisposable
{
    private readonly SafeFileHandle _handle;

    private PseudoTerminal(int master, string subsidiaryPath)
    {
        _handle = new SafeFileHandle(master, ownsHandle: true);
        SubsidiaryPath = subsidiaryPath;
        Master = new FileStream(_handle, FileAccess.ReadWrite, bufferSize: 0);
    }

    public string SubsidiaryPath { get; }

    public Stream Master { get; }

    /// <summary>
    /// Opens one in raw mode: it only relays another terminal, so what passes through stays as it is (no echo of
    /// what is typed, no CR added before LF) from the first byte, not only once its holder has set it raw.
    /// </summary>
    public static PseudoTerminal Open()
    {
        var (master, path) = TerminalCalls.OpenPseudoTerminal();
        var terminal = new PseudoTerminal(master, path);
        try
        {
            TerminalCalls.SetAttributes(master, TerminalCalls.MakeRaw(TerminalCalls.GetAttributes(master)));
            return terminal;
        }
        catch
        {
            terminal.Dispose();
            throw;
        }
    }

    public void Resize(TerminalSize size) => TerminalCalls.SetWindowSize((int)_handle.DangerousGetHandle(), size.Rows, size.Columns);

    public void Dispose()
    {
        Master.Dispose();
        _handle.Dispose();
    }
}
