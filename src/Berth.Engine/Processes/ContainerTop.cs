using System.Globalization;
using Berth.Engine.Containers;
using Berth.Engine.Runtime;

namespace Berth.Engine.Processes;

/// <summary>
/// Lists a running container's processes as `podman top` does (psgo): every process of its cgroup (the
/// pids controller's cgroup.procs), pids as the container sees them, user and group names from the
/// container's own /etc/passwd and /etc/group.
/// </summary>
public sealed class ContainerTop(TimeProvider time, string cgroupRoot = "/sys/fs/cgroup", string procRoot = "/proc")
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
