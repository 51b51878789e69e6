using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Berth.Engine.Containers;
using Berth.Engine.Linux;
using Berth.Engine.Runtime.Spec;

namespace Berth.Engine.Runtime.Oci;

/// <summary>
/// The driver for a runc-compatible command line (runc, crun): every verb is one short-lived process,
/// and the runtime's state lives under <see cref="StateRoot"/>.
/// </summary>
public abstract partial class OciCliDriver(string name, string binaryPath, string stateRoot) : IRuntimeDriver
{
    public const int CommandNotFound = 127;
    public const int CommandNotExecutable = 126;

    public string Name { get; } = name;

    public string BinaryPath { get; } = binaryPath;

    public string StateRoot { get; } = stateRoot;

    public IReadOnlyList<string> GlobalArguments => ["--root", StateRoot];

    public virtual BerthException CreateFailed(string runtimeMessage)
    {
        var message = CleanMessage(runtimeMessage);
        if (message.Contains("executable file not found") || message.Contains("no such file or directory"))
        {
            return new BerthException($"{message}: OCI runtime attempted to invoke a command that was not found", CommandNotFound);
        }
        if (message.Contains("permission denied"))
        {
            return new BerthException($"{message}: OCI permission denied", CommandNotExecutable);
        }
        return new BerthException($"{Name}: {message}");
    }

    public Task StartAsync(string id, CancellationToken cancellationToken = default) => InvokeAsync(["start", id], cancellationToken);

    public Task SignalAsync(string id, string signal, CancellationToken cancellationToken = default) =>
        InvokeAsync(["kill", id, signal], cancellationToken);

    public Task PauseAsync(string id, CancellationToken cancellationToken = default) => InvokeAsync(["pause", id], cancellationToken);

    public Task ResumeAsync(string id, CancellationToken cancellationToken = default) => InvokeAsync(["resume", id], cancellationToken);

    public async Task UpdateAsync(string id, ResourcesSpec resources, CancellationToken cancellationToken = default)
    {
        var file = Path.Combine(Path.GetTempPath(), $"berth-resources-{id}-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(resources, RuntimeSpecJsonContext.Default.ResourcesSpec), cancellationToken);
            await InvokeAsync(["update", "--resources", file, id], cancellationToken);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        // runc and crun keep a container's state in a directory named by its id: without one there is nothing to
        // delete, and a runtime start-up saved (a foreground --rm run and its exit command both release the container).
        if (!Directory.Exists(Path.Combine(StateRoot, id)))
        {
            return;
        }
        var result = await RunProcessAsync(["delete", "--force", id], cancellationToken);
        if (result.ExitCode != 0 && !result.Stderr.Contains("does not exist"))
        {
            throw new BerthException($"{Name} delete: {CleanMessage(result.Stderr)}");
        }
    }

    public async Task<RuntimeState?> InspectAsync(string id, CancellationToken cancellationToken = default)
    {
        var result = await RunProcessAsync(["state", id], cancellationToken);
        if (result.ExitCode != 0)
        {
            return null;
        }
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        return new RuntimeState(root.GetProperty("id").GetString()!, root.GetProperty("status").GetString()!, root.GetProperty("pid").GetInt32());
    }

    public async Task<ExecResult> ExecAsync(string id, string bundlePath, ExecOptions options, ExecStreams streams, CancellationToken cancellationToken = default)
    {
        if (options.Tty && streams.Stdout is not null)
        {
            return await ExecOnTerminalAsync(id, bundlePath, options, streams, cancellationToken);
        }
        // On this process's own terminal (the CLI's exec -t) the runtime relays that terminal, so it is the size.
        var size = options.Tty && TerminalRawMode.WindowSize is var (rows, columns) ? new TerminalSize(rows, columns) : (TerminalSize?)null;
        using var processFile = ExecProcessFile.Write(bundlePath, options, size);
        var psi = StartInfo(ExecArguments(id, processFile));
        // Without -i the process reads an empty stdin, as with Podman.
        psi.RedirectStandardInput = !options.Interactive || streams.Stdin is not null;
        psi.RedirectStandardOutput = streams.Stdout is not null;
        psi.RedirectStandardError = true;
        using var process = Process.Start(psi)!;
        if (psi.RedirectStandardInput)
        {
            // Not awaited: the process may end while its client still holds stdin open.
            _ = options.Interactive && streams.Stdin is not null
                ? CopyAndCloseAsync(streams.Stdin, process.StandardInput.BaseStream)
                : CloseAsync(process.StandardInput.BaseStream);
        }
        var output = streams.Stdout is null ? Task.CompletedTask : CopyFlushingAsync(process.StandardOutput.BaseStream, streams.Stdout, CancellationToken.None);
        var errors = new StringWriter();
        var error = PumpStderrAsync(process.StandardError, streams.Stderr, errors);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }
        await Task.WhenAll(output, error);
        return ResultOf(process.ExitCode, errors.ToString());
    }

    /// <summary>
    /// An exec with a terminal for a remote client: the runtime needs a terminal of its own to relay the
    /// container's, so it runs as the session leader of a pseudo-terminal Berth holds (setsid --ctty), whose
    /// master side is relayed to the client's streams; resizing it signals the runtime, which resizes the
    /// container's terminal in turn.
    /// </summary>
    private async Task<ExecResult> ExecOnTerminalAsync(string id, string bundlePath, ExecOptions options, ExecStreams streams, CancellationToken cancellationToken)
    {
        using var terminal = PseudoTerminal.Open();
        using var resizing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sizes = new TerminalSizeFeed(streams.TerminalSizes, resizing.Token);
        // The client's first size goes both to the runtime, which sizes the new terminal before the process runs,
        // and to the relay terminal, whose size the runtime copies to it once the process has started.
        var size = await sizes.FirstAsync(streams.FirstSizePatience);
        if (size is { } first)
        {
            terminal.Resize(first);
        }
        using var processFile = ExecProcessFile.Write(bundlePath, options, size);
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["-c", "exec setsid --ctty \"$@\" <\"$BERTH_TERMINAL\" >\"$BERTH_TERMINAL\" 2>&1", "sh", BinaryPath, .. GlobalArguments, .. ExecArguments(id, processFile)])
        {
            psi.ArgumentList.Add(arg);
        }
        psi.Environment["BERTH_TERMINAL"] = terminal.SubsidiaryPath;
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var output = RelayTerminalAsync(terminal.Master, streams.Stdout!);
        if (streams.Stdin is not null)
        {
            // Not awaited: the client may hold stdin open after the process ended.
            _ = RelayTerminalAsync(streams.Stdin, terminal.Master, resizing.Token);
        }
        // Later sizes signal the runtime, the relay terminal's session leader, which resizes the container's terminal.
        var resizes = sizes.FollowAsync(terminal.Resize);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        finally
        {
            await resizing.CancelAsync();
        }
        try
        {
            // The relay ends when the runtime, the terminal's last holder, has gone.
            await output.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        }
        catch (TimeoutException)
        {
            // Something else still holds the terminal; what it writes is not this exec's.
        }
        await resizes;
        return ResultOf(process.ExitCode, await errors);
    }

    private static async Task RelayTerminalAsync(Stream source, Stream destination, CancellationToken cancellationToken = default)
    {
        try
        {
            await CopyFlushingAsync(source, destination, cancellationToken);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // EIO: nobody holds the terminal any more; or the exec ended while the client still typed.
        }
    }

    private static string[] ExecArguments(string id, ExecProcessFile processFile) => ["exec", "--process", processFile.Path, id];

    private static async Task CopyAndCloseAsync(Stream source, Stream destination)
    {
        try
        {
            await CopyFlushingAsync(source, destination, CancellationToken.None);
        }
        catch (IOException)
        {
            // The process ended before reading all of its input.
        }
        finally
        {
            await CloseAsync(destination);
        }
    }

    private static async Task CloseAsync(Stream stream)
    {
        try
        {
            await stream.DisposeAsync();
        }
        catch (IOException)
        {
            // A broken pipe: the process has gone already.
        }
    }

    /// <summary>Copies as the bytes come: an interactive reader sees each chunk at once.</summary>
    private static async Task CopyFlushingAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            await destination.FlushAsync(cancellationToken);
        }
    }

    public async Task<int> RunAsync(string id, string bundlePath, Stream stdout, Stream stderr, CancellationToken cancellationToken = default)
    {
        var psi = StartInfo("run", "--bundle", bundlePath, id);
        psi.RedirectStandardInput = true;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var errors = new MemoryStream();
        var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout, cancellationToken);
        var copyErr = CopyAndKeepAsync(process.StandardError.BaseStream, stderr, errors, cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await SignalQuietlyAsync(id);
            throw;
        }
        finally
        {
            await Task.WhenAll(copyOut, copyErr);
            await DeleteAsync(id, CancellationToken.None);
        }
        return ResultOf(process.ExitCode, System.Text.Encoding.UTF8.GetString(errors.ToArray())).ExitCode;
    }

    public virtual bool TellsRunFailuresApart => true;

    public async Task<int> RunInForegroundAsync(string id, string bundlePath, bool stdin, ContainerLogWriter log, Action<int> started, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // In a session of its own, so a terminal's Ctrl-C reaches berth alone, which passes it on once runc can take it.
        using var runtime = SessionProcess.Start(BinaryPath, [BinaryPath, .. GlobalArguments, "run", "--bundle", bundlePath, id], inheritStdin: stdin);
        var errors = new StringWriter();
        // Not Console.OpenStandardOutput(): it drops writes to a closed pipe silently, and `berth run IMG yes | head -1` would never end.
        await using var stdout = new DescriptorWriteStream(1);
        await using var stderr = Console.OpenStandardError();
        var relay = OnThreadOfItsOwn(() => RelayStderr(runtime.StandardError, stderr, errors, log));
        // From here on the container ends only when it chooses to: signals reach it through the runtime, not cancellation.
        WaitForState(id, runtime);
        started(runtime.Id);
        // On this thread, which has nothing else to do until the container ends: one thread start fewer (perf). runc saves
        // the state before the container's process runs, so nothing the container writes waited for this relay.
        RelayStdout(runtime.StandardOutput, stdout, log);
        await relay;
        var exitCode = runtime.WaitForExit();
        var kept = errors.ToString();
        return exitCode != 0 && kept.Length > 0 ? throw CreateFailed(kept) : exitCode;
    }

    /// <summary>
    /// A blocking loop (the stderr relay) on a thread of its own: on the pool's, relays of a foreground run held both threads of
    /// a 2-core machine, and the continuation that saves the container as Running waited for the pool to grow (~0.5 s).
    /// </summary>
    private static Task OnThreadOfItsOwn(Action relay) =>
        Task.Factory.StartNew(relay, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Copies the container's stdout to this process's and its log. Once this process's stdout is gone (a closed pipe) the
    /// container's is closed too, so it gets the EPIPE it would get writing there itself.
    /// </summary>
    private static void RelayStdout(Stream source, Stream destination, ContainerLogWriter log)
    {
        var buffer = new byte[16384];
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            log.Append(stderr: false, buffer.AsSpan(0, read));
            try
            {
                destination.Write(buffer, 0, read);
            }
            catch (IOException)
            {
                source.Dispose();
                return;
            }
        }
    }

    /// <summary>Copies the container's stderr to this process's and its log, keeping back the runtime's own log lines for <see cref="CreateFailed"/>.</summary>
    private static void RelayStderr(StreamReader source, Stream destination, StringWriter kept, ContainerLogWriter log)
    {
        while (source.ReadLine() is { } line)
        {
            if (IsRuntimeError(line))
            {
                kept.WriteLine(line);
            }
            else
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(line + "\n");
                log.Append(stderr: true, bytes);
                destination.Write(bytes);
                destination.Flush();
            }
        }
    }

    // runc saves the state 10-20 ms into its run, long before the container ends; a look every millisecond took 4% of the
    // main thread's CPU from runc's start (perf), and a later look only moves the Running save within that slack.
    private static readonly TimeSpan StatePollInterval = TimeSpan.FromMilliseconds(4);

    /// <summary>
    /// Until runc has installed its signal handler a signal would end runc itself, not the container: it does so before it saves the
    /// container's state, so the caller learns the pid once the state file is there (or the runtime has already ended).
    /// </summary>
    /// <remarks>
    /// Polled by the caller, which has nothing else to do meanwhile, sleeping between looks: a timer-driven poll wakes the
    /// timer thread and a thread-pool thread every millisecond, and a thread started for the poll costs more than it does;
    /// either competes with runc's own start for the CPU.
    /// </remarks>
    private void WaitForState(string id, SessionProcess runtime)
    {
        var state = Path.Combine(StateRoot, id, "state.json");
        while (!File.Exists(state) && !runtime.HasExited)
        {
            Thread.Sleep(StatePollInterval);
        }
    }

    /// <summary>Runs one runtime verb and throws its message as a one-line error when it fails.</summary>
    protected async Task InvokeAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var result = await RunProcessAsync(args, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new BerthException($"{Name} {args[0]}: {CleanMessage(result.Stderr)}");
        }
    }

    /// <summary>The text of the runtime's log line (msg="…"), else the output trimmed to one line.</summary>
    protected static string CleanMessage(string output)
    {
        var matches = LogMessage().Matches(output);
        var text = matches.Count > 0 ? Regex.Unescape(matches[^1].Groups[1].Value) : output.Trim();
        return text.ReplaceLineEndings(" ").Trim();
    }

    private async Task SignalQuietlyAsync(string id)
    {
        try
        {
            await SignalAsync(id, "KILL", CancellationToken.None);
        }
        catch (BerthException)
        {
            // Already gone: nothing to stop.
        }
    }

    private static async Task CopyAndKeepAsync(Stream source, Stream destination, MemoryStream kept, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            if (kept.Length < 64 * 1024)
            {
                kept.Write(buffer, 0, read);
            }
        }
    }

    /// <summary>Forwards the process's stderr, keeping back the runtime's own log lines for <see cref="ResultOf"/>.</summary>
    private static async Task PumpStderrAsync(StreamReader source, Stream destination, StringWriter kept)
    {
        while (await source.ReadLineAsync() is { } line)
        {
            if (IsRuntimeError(line))
            {
                kept.WriteLine(line);
            }
            else
            {
                await destination.WriteAsync(System.Text.Encoding.UTF8.GetBytes(line + "\n"));
                await destination.FlushAsync();
            }
        }
    }

    /// <summary>One of the runtime's own error lines (logrus: time="…" level=error msg="…"), not the container's.</summary>
    private static bool IsRuntimeError(string line) => line.StartsWith("time=\"", StringComparison.Ordinal) && line.Contains("level=error");

    /// <summary>A runtime failure before the process ran (command missing) becomes 127/126 with its message, as with Podman.</summary>
    private ExecResult ResultOf(int exitCode, string stderr)
    {
        if (exitCode == 0 || !stderr.Contains("level=error"))
        {
            return new ExecResult(exitCode);
        }
        var error = CreateFailed(stderr);
        return new ExecResult(error.ExitCode, error.Message);
    }

    private ProcessStartInfo StartInfo(params IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(BinaryPath) { UseShellExecute = false };
        foreach (var arg in GlobalArguments.Concat(args))
        {
            psi.ArgumentList.Add(arg);
        }
        return psi;
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunProcessAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var psi = StartInfo(args);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        using var process = Process.Start(psi) ?? throw new BerthException($"cannot start {BinaryPath}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }

    [GeneratedRegex("msg=\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex LogMessage();
}
