using Berth.Engine;

namespace Berth.DockerApi;

/// <summary>Where the Docker API listens and on which engine: `berth system service [--time S] [URI]`.</summary>
public sealed record DockerApiOptions
{
    /// <summary>Podman's and Berth's default: root's socket under /run/berth.</summary>
    public const string DefaultListen = "unix:///run/berth/berth.sock";

    public required EngineOptions Engine { get; init; }

    /// <summary>unix:///path or tcp://host:port (the latter only with mutual TLS).</summary>
    public string Listen { get; init; } = DefaultListen;

    public string? TlsCertificate { get; init; }

    public string? TlsKey { get; init; }

    /// <summary>The CA client certificates must be signed by (--tls-verify-ca).</summary>
    public string? TlsClientCa { get; init; }
}
