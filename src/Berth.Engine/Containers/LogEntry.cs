namespace Berth.Engine.Containers;

/// <summary>One line of conmon's k8s-file log: "TIMESTAMP stdout|stderr F|P CONTENT" (P: no newline yet).</summary>
public sealed record LogEntry(string Timestamp, bool IsStderr, bool Partial, string Content)
{
    public static LogEntry? Parse(string line)
    {
        var parts = line.Split(' ', 4);
        if (parts.Length < 3 || parts[1] is not ("stdout" or "stderr"))
        {
            return null;
        }
        return new LogEntry(parts[0], parts[1] == "stderr", parts[2] == "P", parts.Length == 4 ? parts[3] : "");
    }
}
