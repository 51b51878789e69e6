using Microsoft.Win32.SafeHandles;

namespace Berth.Engine.Linux;

/// <summary>
/// A child process in a session of its own (<see cref="SpawnCalls.SpawnInSession"/>), so a terminal's Ctrl-C reaches only its
/// parent, which passes signals on itself; its stdout and stderr are read through pipes.
/// </summary>
public sealed class SessionProcess : IDisposable
{
    private int? _exitCode;

    private SessionProcess(int id, Stream standardOutput, StreamReader standardError)
    {
        Id = id;
        StandardOutput = standardOutput;
        StandardError = standardError;
    }

    public int Id { get; }

    public Stream StandardOutput { get; }

    public StreamReader StandardError { get; }

    /// <summary>
    /// Whether the process has ended, reaping it if so, without waiting. Its parent polls rather than blocking a thread of
    /// its own in waitpid(2): starting one cost a foreground `run --rm` more than the poll (perf).
    /// </summary>
    public bool HasExited => _exitCode is not null || ProcessCalls.TryReapChild(Id) is { } status && (_exitCode = ExitCodeOf(status)) is not null;

    /// <summary>Waits for the process to end and reaps it: its exit code (128 + N when signal N ended it, as a shell says).</summary>
    public int WaitForExit() => _exitCode ??= ExitCodeOf(ProcessCalls.WaitForChild(Id));

    /// <summary>Starts <paramref name="argv"/> (argv[0] is <paramref name="path"/>) with this process's environment; stdin is /dev/null unless <paramref name="inheritStdin"/>.</summary>
    public static SessionProcess Start(string path, IReadOnlyList<string> argv, bool inheritStdin)
    {
        var env = new List<string>();
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            env.Add($"{variable.Key}={variable.Value}");
        }
        var (outRead, outWrite) = ProcessCalls.Pipe();
        var (errRead, errWrite) = ProcessCalls.Pipe();
        var stdout = new FileStream(new SafeFileHandle(outRead, ownsHandle: true), FileAccess.Read, bufferSize: 0);
        var stderr = new StreamReader(new FileStream(new SafeFileHandle(errRead, ownsHandle: true), FileAccess.Read, bufferSize: 1));
        try
        {
            return new SessionProcess(SpawnCalls.SpawnInSession(path, argv, env, stdinFromNull: !inheritStdin, outWrite, errWrite), stdout, stderr);
        }
        catch
        {
            stdout.Dispose();
            stderr.Dispose();
            throw;
        }
        finally
        {
            ProcessCalls.Close(outWrite);
            ProcessCalls.Close(errWrite);
        }
    }

    public void Dispose()
    {
        StandardOutput.Dispose();
        StandardError.Dispose();
    }

    private static int ExitCodeOf(int status) => (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F);
}
