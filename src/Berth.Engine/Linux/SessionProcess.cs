using Microsoft.Win32.SafeHandles;

namespace Berth.Engine.Linux;

/// <summary>
/// A child process in a session of its own (<see cref="SpawnCalls.SpawnInSession"/>), so a terminal's Ctrl-C reaches only its
/// parent, which passes signals on itself; its stdout is the parent's, its stderr is read through a pipe.
/// </summary>
public sealed class SessionProcess : IDisposable
{
    private SessionProcess(int id, StreamReader standardError)
    {
        Id = id;
        StandardError = standardError;
        // waitpid(2) blocks: on a thread of its own rather than a pool thread the stderr relay needs.
        Exited = Task.Factory.StartNew(() => ExitCodeOf(ProcessCalls.WaitForChild(id)), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public int Id { get; }

    public StreamReader StandardError { get; }

    /// <summary>Completes when the process has ended and is reaped, with its exit code (128 + N when signal N ended it, as a shell says).</summary>
    public Task<int> Exited { get; }

    /// <summary>Starts <paramref name="argv"/> (argv[0] is <paramref name="path"/>) with this process's environment; stdin is /dev/null unless <paramref name="inheritStdin"/>.</summary>
    public static SessionProcess Start(string path, IReadOnlyList<string> argv, bool inheritStdin)
    {
        var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().Select(e => $"{e.Key}={e.Value}").ToList();
        var (read, write) = ProcessCalls.Pipe();
        var stderr = new StreamReader(new FileStream(new SafeFileHandle(read, ownsHandle: true), FileAccess.Read, bufferSize: 1));
        try
        {
            return new SessionProcess(SpawnCalls.SpawnInSession(path, argv, env, stdinFromNull: !inheritStdin, write), stderr);
        }
        catch
        {
            stderr.Dispose();
            throw;
        }
        finally
        {
            ProcessCalls.Close(write);
        }
    }

    public void Dispose() => StandardError.Dispose();

    private static int ExitCodeOf(int status) => (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F);
}
