using System.Globalization;
using Berth.Engine.Containers;
using Berth.Engine.Runtime;

namespace Berth.Engine.Processes;

/// <summary>
/// Lists a running container's processes as `podman top` does (psgo): every process of its cgroup (the
/// pids controller's cgroup.procs), pids as the container sees them, user and group names from the
/// container's own /etc/passwd and /etc/group. Arguments psgo does not know (ps(1) flags such as -eo) run the
/// container's own ps instead (<see cref="PsAsync"/>), as Podman falls back to it.
/// </summary>
public sealed class ContainerTop(TimeProvider time, ContainerLifecycle lifecycle, string cgroupRoot = "/sys/fs/cgroup", string procRoot = "/proc")
{
    /// <summary>The container's host pids, from its cgroup.</summary>
    public IReadOnlyList<int> HostPidsOf(ContainerRecord record)
    {
        EnsureRunning(record);
        var procs = Path.Combine(cgroupRoot, "pids", ContainerCgroup.PathOf(record.Id).TrimStart('/'), "cgroup.procs");
        return [.. File.ReadAllLines(procs).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).Order()];
    }

    public ProcessTable Table(ContainerRecord record, IReadOnlyList<string> descriptorArguments)
    {
        var descriptors = ProcessDescriptors.Parse(descriptorArguments);
        var processes = HostPidsOf(record).Select(ReadProcess).OfType<ProcessInfo>().ToList();
        var containerRoot = Path.Combine(procRoot, record.Pid.ToString(CultureInfo.InvariantCulture), "root");
        var context = new ProcessTableContext(
            time.GetUtcNow(),
            ProcFiles.ParseBootTime(File.ReadAllText(Path.Combine(procRoot, "stat"))),
            NamesIn(Path.Combine(containerRoot, "etc/passwd")),
            NamesIn(Path.Combine(containerRoot, "etc/group")),
            NamesIn("/etc/passwd"),
            NamesIn("/etc/group"),
            processes.ToDictionary(p => p.HostPid, p => p.NamespacePid));
        return new ProcessTable(
            [.. descriptors.Select(d => d.Header)],
            [.. processes.Select(p => (IReadOnlyList<string>)[.. descriptors.Select(d => d.Value(p, context))])]);
    }

    /// <summary>
    /// The output lines of `ps ARGUMENTS` run inside the container, less the line of that ps itself (Podman
    /// leaves out the lines that contain the arguments, rather than requiring a PID column).
    /// </summary>
    public async Task<IReadOnlyList<string>> PsAsync(ContainerRecord record, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        EnsureRunning(record);
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var result = await lifecycle.ExecAsync(record, new ExecOptions(["ps", .. arguments]), new ExecStreams(null, stdout, stderr), cancellationToken);
        if (result.ExitCode != 0)
        {
            var message = result.RuntimeError ?? System.Text.Encoding.UTF8.GetString(stderr.ToArray()).Trim();
            throw new BerthException($"error executing ps(1) in the container: {message}");
        }
        var own = string.Join(' ', arguments);
        return [.. System.Text.Encoding.UTF8.GetString(stdout.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains(own, StringComparison.Ordinal))];
    }

    private static void EnsureRunning(ContainerRecord record)
    {
        if (record.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
        {
            throw new ConflictException($"container {record.Name} is not running");
        }
    }

    /// <summary>The process, or null when it ended while the table was read.</summary>
    private ProcessInfo? ReadProcess(int pid)
    {
        var dir = Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture));
        try
        {
            return ProcFiles.Parse(pid, File.ReadAllText(Path.Combine(dir, "stat")), File.ReadAllText(Path.Combine(dir, "status")),
                File.ReadAllText(Path.Combine(dir, "cmdline")));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static IReadOnlyDictionary<uint, string> NamesIn(string file)
    {
        try
        {
            return ProcFiles.ParseNames(File.ReadAllText(file));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return new Dictionary<uint, string>();
        }
    }
}
