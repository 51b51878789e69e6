namespace Berth.Engine.Runtime.Spec;

/// <summary>One seccomp rule: the action for the named syscalls.</summary>
public sealed record SeccompRule(IReadOnlyList<string> Names, string Action)
{
    public uint? ErrnoRet { get; init; }
}
