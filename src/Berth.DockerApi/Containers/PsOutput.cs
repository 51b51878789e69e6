using System.Globalization;
using Berth.Engine.Processes;

namespace Berth.DockerApi.Containers;

/// <summary>
/// dockerd's `top`: the host's `ps PS_ARGS` output cut down to a container's processes (daemon/top_unix.go's
/// parsePSOutput): titles from the header, rows whose PID column is one of the container's, thread lines
/// ("-" as PID, with `-m`) kept after a kept process, overhanging fields joined into the last column.
/// </summary>
public static class PsOutput
{
    public static ProcessTable Filter(string output, IReadOnlySet<int> pids)
    {
        var lines = output.Split('\n');
        var titles = lines[0].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var pidColumn = Array.IndexOf(titles, "PID");
        if (pidColumn < 0)
        {
            throw new InvalidArgumentException("Couldn't find PID field in ps output");
        }
        var rows = new List<IReadOnlyList<string>>();
        var lastKept = false;
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < titles.Length)
            {
                continue;
            }
            var keep = fields[pidColumn] == "-"
                ? lastKept
                : (lastKept = int.TryParse(fields[pidColumn], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pids.Contains(pid));
            if (keep)
            {
                rows.Add([.. fields[..(titles.Length - 1)], string.Join(' ', fields[(titles.Length - 1)..])]);
            }
        }
        return new ProcessTable(titles, rows);
    }
}
