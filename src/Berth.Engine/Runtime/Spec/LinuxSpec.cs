namespace Berth.Engine.Runtime.Spec;

/// <summary>runtime-spec config-linux: namespaces, cgroup, hardening.</summary>
public sealed record LinuxSpec
{
    public IReadOnlyList<NamespaceSpec> Namespaces { get; init; } = [];
    public ResourcesSpec? Resources { get; init; }
    public string? CgroupsPath { get; init; }
    public IReadOnlyList<string> MaskedPaths { get; init; } = [];
    public IReadOnlyList<string> ReadonlyPaths { get; init; } = [];
    public SeccompSpec? Seccomp { get; init; }
}
