using Berth.Engine.Runtime;

namespace Berth.Engine.Build;

/// <summary>What `image build` was asked: a context directory, a Containerfile, names, build args and cache and pull choices.</summary>
public sealed record BuildRequest
{
    public required string ContextDirectory { get; init; }

    /// <summary>Null for CONTEXT/Containerfile, or CONTEXT/Dockerfile when there is no Containerfile.</summary>
    public string? ContainerfilePath { get; init; }

    /// <summary>Names for the built image; empty for an unnamed image.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The stage to build (by name); null for the last stage.</summary>
    public string? Target { get; init; }

    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>Network of RUN steps: none by default, host on request.</summary>
    public NetworkMode Network { get; init; } = NetworkMode.None;

    /// <summary>When base images (FROM, COPY --from=IMAGE) are pulled from their registry.</summary>
    public PullPolicy Pull { get; init; } = PullPolicy.Missing;

    /// <summary>Runs every step even when the layer cache has its result (results are still cached for later builds).</summary>
    public bool NoCache { get; init; }
}
