namespace Berth.Engine.Images;

/// <summary>The execution parameters of an image (OCI image-spec config.config).</summary>
public sealed record ImageConfig
{
    public string? User { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    public string? WorkingDir { get; init; }
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];
    public IReadOnlyList<string> Volumes { get; init; } = [];
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public string? StopSignal { get; init; }

    /// <summary>Docker's HEALTHCHECK, which containers run unless they say otherwise.</summary>
    public Oci.OciHealthcheck? Healthcheck { get; init; }
}
