namespace Berth.Engine.Runtime.Spec;

/// <summary>runtime-spec §process: what runs in the container and with which privileges.</summary>
public sealed record ProcessSpec
{
    public bool Terminal { get; init; }
    public required UserSpec User { get; init; }
    public required IReadOnlyList<string> Args { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    public string Cwd { get; init; } = "/";
    public CapabilitySets? Capabilities { get; init; }
    public IReadOnlyList<ResourceLimit> Rlimits { get; init; } = [];
    public bool NoNewPrivileges { get; init; }
}
