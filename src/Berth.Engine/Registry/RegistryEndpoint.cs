using System.Net;

namespace Berth.Engine.Registry;

/// <summary>
/// Where a registry answers: plain HTTP for loopback hosts (127.0.0.0/8, ::1, localhost), as Docker
/// and Podman do, HTTPS for every other host; <see cref="TlsVerify"/> false skips certificate checks.
/// </summary>
public sealed record RegistryEndpoint
{
    /// <summary>Docker Hub's API host for the "docker.io" domain of image names.</summary>
    public const string DockerHubApiHost = "registry-1.docker.io";

    private RegistryEndpoint(string domain, Uri baseUri, bool tlsVerify)
    {
        Domain = domain;
        BaseUri = baseUri;
        TlsVerify = tlsVerify;
    }

    /// <summary>The registry as image names spell it, e.g. "127.0.0.1:5000" or "docker.io"; the auth file's key.</summary>
    public string Domain { get; }

    /// <summary>The scheme and authority requests go to, e.g. "http://127.0.0.1:5000/".</summary>
    public Uri BaseUri { get; }

    public bool TlsVerify { get; }

    public static RegistryEndpoint For(string domain, bool tlsVerify = true)
    {
        var host = domain == "docker.io" ? DockerHubApiHost : domain;
        var scheme = IsLoopback(host) ? "http" : "https";
        return new RegistryEndpoint(domain, new Uri($"{scheme}://{host}/"), tlsVerify);
    }

    /// <summary>A mirror of <paramref name="domain"/> answering at <paramref name="baseUri"/> (scheme as configured).</summary>
    public static RegistryEndpoint At(string domain, Uri baseUri, bool tlsVerify) => new(domain, baseUri, tlsVerify);

    /// <summary>Whether a "host[:port]" names this machine's loopback.</summary>
    public static bool IsLoopback(string hostAndPort)
    {
        var host = hostAndPort.StartsWith('[') ? hostAndPort[1..hostAndPort.IndexOf(']')] :
            hostAndPort.Count(c => c == ':') == 1 ? hostAndPort[..hostAndPort.IndexOf(':')] : hostAndPort;
        return host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
