using System.Text.Json.Serialization;

namespace Berth.Engine.Images.Oci;

/// <summary>OCI image-spec §config "config": how to run a container from the image.</summary>
public sealed record OciContainerConfig
{
    [JsonPropertyName("User")] public string? User { get; init; }
    [JsonPropertyName("ExposedPorts")] public Dictionary<string, EmptyObject>? ExposedPorts { get; init; }
    [JsonPropertyName("Env")] public List<string>? Env { get; init; }
    [JsonPropertyName("Entrypoint")] public List<string>? Entrypoint { get; init; }
    [JsonPropertyName("Cmd")] public List<string>? Cmd { get; init; }
    [JsonPropertyName("Volumes")] public Dictionary<string, EmptyObject>? Volumes { get; init; }
    [JsonPropertyName("WorkingDir")] public string? WorkingDir { get; init; }
    [JsonPropertyName("Labels")] public Dictionary<string, string>? Labels { get; init; }
    [JsonPropertyName("StopSignal")] public string? StopSignal { get; init; }

    /// <summary>Docker's extension, kept by Podman: how to test the container's health.</summary>
    [JsonPropertyName("Healthcheck")] public OciHealthcheck? Healthcheck { get; init; }

    /// <summary>Docker's extension: instructions a build that starts FROM this image runs first (ONBUILD).</summary>
    [JsonPropertyName("OnBuild")] public List<string>? OnBuild { get; init; }

    public ImageConfig ToImageConfig() => new()
    {
        User = string.IsNullOrEmpty(User) ? null : User,
        Env = Env ?? [],
        Entrypoint = Entrypoint,
        Cmd = Cmd,
        WorkingDir = string.IsNullOrEmpty(WorkingDir) ? null : WorkingDir,
        ExposedPorts = ExposedPorts?.Keys.Order(StringComparer.Ordinal).ToList() ?? [],
        Volumes = Volumes?.Keys.Order(StringComparer.Ordinal).ToList() ?? [],
        Labels = Labels ?? [],
        StopSignal = StopSignal,
        Healthcheck = Healthcheck,
    };
}
