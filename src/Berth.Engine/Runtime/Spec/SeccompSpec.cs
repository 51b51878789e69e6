namespace Berth.Engine.Runtime.Spec;

/// <summary>config-linux §seccomp: a default action and per-syscall rules.</summary>
public sealed record SeccompSpec(string DefaultAction, IReadOnlyList<string> Architectures, IReadOnlyList<SeccompRule> Syscalls)
{
    public uint? DefaultErrnoRet { get; init; }
}
