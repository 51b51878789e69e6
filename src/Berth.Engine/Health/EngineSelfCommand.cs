using Berth.Engine.Linux;

namespace Berth.Engine.Health;

/// <summary>
/// This engine's own command line, <c>berth --root ROOT</c>, for the work it hands to processes of their own: a
/// container's health monitor, and the stop or restart an unhealthy container's --health-on-failure asks for (a process
/// the container's cleanup cannot cut short, as it stops the monitor).
/// </summary>
public sealed record EngineSelfCommand(IReadOnlyList<string> Prefix)
{
    /// <summary>Runs <c>berth --root ROOT ARGS…</c> detached, its stderr appended to <paramref name="logPath"/>.</summary>
    public void StartDetached(string logPath, params IReadOnlyList<string> args) => DetachedProcess.Start([.. Prefix, .. args], logPath);
}
