namespace Berth.Engine.Runtime;

/// <summary>
/// How an exec ended: the process's exit code, or 126/127 with the runtime's message when the command
/// could not be run at all (not executable, not found), as Podman reports them.
/// </summary>
public sealed record ExecResult(int ExitCode, string? RuntimeError = null);
