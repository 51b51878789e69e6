namespace Berth.Engine.Linux;

/// <summary>
/// Starts a command through `setsid --fork`, so it is nobody's child and in a session of its own (a terminal's hang-up
/// or Ctrl-C does not reach it), with this process's environment, stdio on /dev/null and stderr appended to a log.
/// </summary>
public static class DetachedProcess
{
    public static void Start(IReadOnlyList<string> command, string stderrPath)
    {
        var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().Select(e => $"{e.Key}={e.Value}").ToList();
        var pid = SpawnCalls.Spawn("/usr/bin/setsid", ["setsid", "--fork", .. command], env, "/", stderrPath, []);
        ProcessCalls.WaitForChild(pid);
    }
}
