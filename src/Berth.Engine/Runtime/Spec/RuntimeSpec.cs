namespace Berth.Engine.Runtime.Spec;

/// <summary>An OCI runtime-spec config.json (the subset Berth writes), after runtime-spec §config.</summary>
public sealed record RuntimeSpec
{
    public string OciVersion { get; init; } = "1.0.2";
    public required ProcessSpec Process { get; init; }
    public required RootSpec Root { get; init; }
    public string? Hostname { get; init; }
    public IReadOnlyList<MountSpec> Mounts { get; init; } = [];
    public required LinuxSpec Linux { get; init; }
}
