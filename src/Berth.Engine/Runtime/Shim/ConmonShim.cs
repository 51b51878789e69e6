using System.IO.Pipes;
using System.Text.Json;
using Berth.Engine.Linux;
using Microsoft.Win32.SafeHandles;

namespace Berth.Engine.Runtime.Shim;

/// <summary>
/// Starts Debian's conmon as the container's shim: it runs the runtime's <c>create</c>, then owns the
/// container's stdio, writes the k8s-file log, serves an attach socket and records the exit code in the
/// bundle (<c>exit</c>, and <c>oom</c> when the memory cgroup killed it). conmon double-forks, so the
/// container keeps running when berth exits.
/// </summary>
public sealed class ConmonShim(IRuntimeDriver driver)
{
    /// <summary>Attach sockets live under a short path: a unix socket path holds at most 107 bytes.</summary>
    public static string SocketDirectory { get; } = Path.Combine(RuntimeDriverFactory.StateRoot, "socket");

    private const int SyncDescriptor = 3;

    /// <summary>
    /// Where conmon records how a container ended: on the runtimes' tmpfs, not in the bundle, so an exit is
    /// still seen when the disk under the engine's root is full. The record is saved from it when it can be.
    /// </summary>
    public static string PersistDirectory(string containerId) => Path.Combine(RuntimeDriverFactory.StateRoot, "exits", containerId);

    /// <summary>The file conmon writes the container's exit code to.</summary>
    public static string ExitFile(string containerId) => Path.Combine(PersistDirectory(containerId), "exit");

    /// <summary>The file conmon creates when the kernel's OOM killer hit the container.</summary>
    public static string OomFile(string containerId) => Path.Combine(PersistDirectory(containerId), "oom");

    public static string ShimPidFile(string bundlePath) => Path.Combine(bundlePath, "shim.pid");

    /// <summary>
    /// True when the container's conmon is known to be gone: its pid file names no process, or one that is not this
    /// container's conmon (a pid reused after a reboot). False while it runs, and when there is no pid file to tell.
    /// </summary>
    public static bool IsGone(string bundlePath, string containerId)
    {
        int pid;
        try
        {
            // A pid file being written (or damaged) tells nothing.
            if (!int.TryParse(File.ReadAllText(ShimPidFile(bundlePath)).Trim(), out pid) || pid <= 0)
            {
                return false;
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
        try
        {
            return !File.ReadAllText($"/proc/{pid}/cmdline").Contains($"\0--cid\0{containerId}\0", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return true;
        }
    }

    public static string AttachSocket(string containerId) => Path.Combine(SocketDirectory, containerId, "attach");

    /// <summary>
    /// Resizes the container's pseudo-terminal through conmon's control fifo (bundle/ctl): the line
    /// "1 ROWS COLUMNS" is a window-resize event (conmon's ctrl.c). Does nothing once conmon is gone.
    /// </summary>
    public static void ResizeTerminal(string bundlePath, int rows, int columns)
    {
        const int WindowResizeEvent = 1;
        try
        {
            using var control = new FileStream(Path.Combine(bundlePath, "ctl"), FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            // conmon (2.1) parses only the first message of what one read returns: two sizes in the FIFO
            // at once would apply the older twice. Each message goes in once conmon has read the last.
            var fd = (int)control.SafeFileHandle.DangerousGetHandle();
            for (var waited = 0; ProcessCalls.UnreadBytes(fd) > 0 && waited < 1000; waited += 5)
            {
                Thread.Sleep(5);
            }
            control.Write(System.Text.Encoding.ASCII.GetBytes($"{WindowResizeEvent} {rows} {columns}\n"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The container has exited and conmon with it.
        }
    }

    /// <summary>Creates the container (not yet started); returns its init process id.</summary>
    public async Task<int> CreateAsync(ShimRequest request, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(SocketDirectory);
        Directory.CreateDirectory(PersistDirectory(request.ContainerId));
        var (read, write) = ProcessCalls.Pipe();
        int pid;
        try
        {
            pid = SpawnCalls.Spawn(Conmon, Arguments(request), Environment(), request.BundlePath,
                Path.Combine(request.BundlePath, "shim.log"), [(write, SyncDescriptor)]);
        }
        finally
        {
            ProcessCalls.Close(write);
        }
        // A pipe stream waits on the runtime's epoll, not in a blocking read(2) on a pool thread: conmon answers once
        // `runc create` is done, and ten creates at once (docker-compose up) held every pool thread of the socket.
        await using var sync = new AnonymousPipeClientStream(PipeDirection.In, new SafePipeHandle((nint)read, ownsHandle: true));
        using var reader = new StreamReader(sync);
        var line = await reader.ReadLineAsync(cancellationToken);
        // conmon's first process exits as soon as it has forked the monitor.
        ProcessCalls.WaitForChild(pid);
        return ParseSyncMessage(line, request.BundlePath);
    }

    private int ParseSyncMessage(string? line, string bundlePath)
    {
        if (line is null)
        {
            var log = Path.Combine(bundlePath, "shim.log");
            var detail = File.Exists(log) ? File.ReadAllText(log).Trim() : "";
            throw new BerthException($"conmon exited without creating the container{(detail.Length > 0 ? ": " + detail.ReplaceLineEndings(" ") : "")}");
        }
        using var json = JsonDocument.Parse(line);
        var data = json.RootElement.GetProperty("data").GetInt32();
        if (data <= 0)
        {
            var message = json.RootElement.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
            throw driver.CreateFailed(message);
        }
        return data;
    }

    private List<string> Arguments(ShimRequest request)
    {
        List<string> args =
        [
            Conmon, "--api-version", "1",
            "--cid", request.ContainerId, "--cuuid", request.ContainerId, "--name", request.Name,
            "--runtime", driver.BinaryPath, "--bundle", request.BundlePath,
            "--container-pidfile", Path.Combine(request.BundlePath, "pidfile"),
            "--conmon-pidfile", ShimPidFile(request.BundlePath),
            "--persist-dir", PersistDirectory(request.ContainerId), "--exit-dir", PersistDirectory(request.ContainerId),
            "--socket-dir-path", SocketDirectory,
            "--log-path", "k8s-file:" + request.LogPath, "--log-level", "error",
        ];
        foreach (var arg in driver.GlobalArguments)
        {
            args.Add("--runtime-arg");
            args.Add(arg);
        }
        if (request.Terminal)
        {
            args.Add("--terminal");
        }
        if (request.Stdin)
        {
            args.Add("--stdin");
        }
        if (request.ExitCommand.Count > 0)
        {
            args.Add("--exit-command");
            args.Add(request.ExitCommand[0]);
            foreach (var arg in request.ExitCommand.Skip(1))
            {
                args.Add("--exit-command-arg");
                args.Add(arg);
            }
        }
        return args;
    }

    /// <summary>The sync pipe, PATH (for the runtime and the exit command's CNI plugins) and where .NET lives (for the exit command).</summary>
    private static List<string> Environment()
    {
        List<string> env =
        [
            $"_OCI_SYNCPIPE={SyncDescriptor}",
            "PATH=" + (System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin"),
        ];
        if (System.Environment.GetEnvironmentVariable("DOTNET_ROOT") is { } dotnetRoot)
        {
            env.Add("DOTNET_ROOT=" + dotnetRoot);
        }
        return env;
    }

    // Found at the first spawn, not with the class's other statics: a foreground run's cleanup reads SocketDirectory alone.
    private static string? _conmon;

    private static string Conmon => _conmon ??= RuntimeDriverFactory.FindExecutable("conmon");
}
