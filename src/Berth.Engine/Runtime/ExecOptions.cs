namespace Berth.Engine.Runtime;

/// <summary>A process to start in a running container (<c>exec [-i] [-t] [-e] [-w] [-u]</c>).</summary>
public sealed record ExecOptions(IReadOnlyList<string> Args)
{
    public bool Tty { get; init; }
    public bool Interactive { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    public string? WorkingDir { get; init; }
    public string? User { get; init; }
}
