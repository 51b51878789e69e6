using Berth.Engine.Linux;

namespace Berth.Engine.Runtime;

/// <summary>
/// Puts this process's terminal in raw mode while attached to a container's pseudo-terminal (keys go
/// to the container as typed), and restores it on dispose. Does nothing when stdin is not a terminal.
/// </summary>
public sealed class TerminalRawMode : IDisposable
{
    private const int Stdin = 0;
    private readonly byte[]? _saved;

    private TerminalRawMode(byte[]? saved) => _saved = saved;

    /// <summary>Whether this process's stdin is a terminal.</summary>
    public static bool StdinIsTerminal => TerminalCalls.IsATty(Stdin) == 1;

    /// <summary>The size of this process's terminal (stdin), or null when it has none.</summary>
    public static (int Rows, int Columns)? WindowSize => TerminalCalls.GetWindowSize(Stdin);

    public static TerminalRawMode Enter()
    {
        if (!StdinIsTerminal)
        {
            return new TerminalRawMode(null);
        }
        var saved = TerminalCalls.GetAttributes(Stdin);
        TerminalCalls.SetAttributes(Stdin, TerminalCalls.MakeRaw(saved));
        return new TerminalRawMode(saved);
    }

    public void Dispose()
    {
        if (_saved is not null)
        {
            TerminalCalls.SetAttributes(Stdin, _saved);
        }
    }
}
