namespace Berth.Engine.Runtime;

/// <summary>
/// Where an exec'd process reads and writes. <see cref="Stdin"/> is read only for an interactive exec and
/// closed at its end; a null <see cref="Stdout"/> lets the process use this process's own stdin and stdout
/// (the CLI's terminal, which `exec -t` needs: the runtime attaches the new process's pseudo-terminal to it).
/// With a terminal and a <see cref="Stdout"/>, the process's terminal is relayed through these streams
/// (stderr is the terminal too) and sized by <see cref="TerminalSizes"/>.
/// </summary>
public sealed record ExecStreams(Stream? Stdin, Stream? Stdout, Stream Stderr)
{
    /// <summary>The client's window sizes as they change.</summary>
    public IAsyncEnumerable<TerminalSize>? TerminalSizes { get; init; }

    /// <summary>
    /// How long a terminal exec waits for the client's first size before its process starts, so that it starts at
    /// that size: kubectl sends its first size on a stream of its own, just after the exec began. Docker clients
    /// give theirs with the start (ConsoleSize) or not at all, so the Docker API waits for none.
    /// </summary>
    public TimeSpan FirstSizePatience { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>This process's own terminal for stdin and stdout; the process's stderr to <paramref name="stderr"/>.</summary>
    public static ExecStreams Inherited(Stream stderr) => new(null, null, stderr);
}
