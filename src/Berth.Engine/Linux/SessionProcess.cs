using Microsoft.Win32.SafeHandles;

namespace Berth.Engine.Linux;

/// <summary>
/// A child process in a session of its own (<see cref="SpawnCalls.SpawnInSession"/>), so a terminal's Ctrl-C reaches only its
/// parent, which passes signals on itself; its stdout and stderr are read through pipes.
/// </summary>
public sealed class SessionProcess : IDisposable
{
    private SessionProcess(int id, Stream standardOutput, StreamReader standardError)
    {
        Id = id;
        StandardOutput = standardOutput;
        StandardError = standardError;
        // waitpid(2) blocks: on a thread of its own rather than a pool thread the relays need.
        Exited = Task.Factory.StartNew(() => ExitCodeOf(ProcessCalls.WaitForChild(id)), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public int Id { get; }

    public Stream StandardOutput { get; }

    public StreamReader StandardError { get; }

    /// <summary>Completes when the process has ended and is reaped, with its exit code (128 + N when signal N ended it, as a shell says).</summary>
    public Task<int> Exited { get; }

    /// <summary>Starts <paramref name="argv"/> (argv[0] is <paramref name="path"/>) with this process's environment; stdin is /dev/null unless <paramref name="inheritStdin"/>.</summary>
    public static SessionProcess Start(string path, IReadOnlyList<string> argv, bool inheritStdin)
    {
        var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().Select(e => $"{e.Key}={e.Value}").ToList();
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
