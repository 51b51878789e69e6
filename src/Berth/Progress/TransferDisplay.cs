using Berth.Engine.Progress;
using Spectre.Console;

namespace Berth.Cli.Progress;

/// <summary>
/// Chooses how pulls, pushes and builds show their progress: live bars on stderr when it is a
/// terminal, one plain line per finished step otherwise (logs, pipes, tests, TERM=dumb), nothing
/// when quiet.
/// </summary>
public static class TransferDisplay
{
    public static Task<T> RunAsync<T>(bool quiet, Func<ITransferProgress, Task<T>> transfer) => Create(quiet, Console.Error).ShowAsync(transfer);

    /// <param name="plain">Where plain lines go when stderr is no terminal (a build keeps them with its STEP lines on stdout).</param>
    public static IProgressDisplay Create(bool quiet, TextWriter plain)
    {
        if (quiet)
        {
            return NullProgressDisplay.Instance;
        }
        if (Console.IsErrorRedirected || Environment.GetEnvironmentVariable("TERM") is null or "dumb")
        {
            return new PlainProgressDisplay(plain);
        }
        return new BarProgressDisplay(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }), TimeProvider.System);
    }
}
