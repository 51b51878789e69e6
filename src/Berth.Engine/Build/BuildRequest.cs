using Berth.Engine.Runtime;

namespace Berth.Engine.Build;

/// <summary>What `image build` was asked: a context directory, a Containerfile, a name and build args.</summary>
public sealed record BuildRequest
{
    public required string ContextDirectory { get; init; }

    /// <summary>Null for CONTEXT/Containerfile, or CONTEXT/Dockerfile when there is no Containerfile.</summary>
    public string? ContainerfilePath { get; init; }

    /// <summary>Null for an unnamed image.</summary>
    public string? Tag { get; init; }

    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>Network of RUN steps: none by default, host on request.</summary>
    public NetworkMode Network { get; init; } = NetworkMode.None;
}
