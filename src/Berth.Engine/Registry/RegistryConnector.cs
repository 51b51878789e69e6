namespace Berth.Engine.Registry;

/// <summary>
/// Opens <see cref="RegistryClient"/>s with what the user configured: the auth file the credentials
/// come from, whether TLS certificates are checked, and the registry mirrors pulls go through
/// (<see cref="RegistryMirrors"/>; pushes always go to the registry named). Tests pass their own HTTP handler.
/// </summary>
public sealed class RegistryConnector(AuthFile authFile, bool tlsVerify = true, Func<HttpMessageHandler>? handlerFactory = null, RegistryMirrors? mirrors = null)
{
    public AuthFile AuthFile { get; } = authFile;

    public RegistryClient Open(RegistryReference reference, bool push)
    {
        if (!push && mirrors?.Resolve(reference) is var (endpoint, repository, credentials))
        {
            return new RegistryClient(tlsVerify ? endpoint : RegistryEndpoint.At(endpoint.Domain, endpoint.BaseUri, false), repository,
                credentials ?? AuthFile.Find(endpoint.BaseUri.Authority), push: false, handlerFactory?.Invoke());
        }
        return Open(reference.Domain, reference.Repository, AuthFile.Find(reference.Domain), push);
    }

    public RegistryClient Open(string domain, string repository, RegistryCredentials? credentials, bool push) =>
        new(RegistryEndpoint.For(domain, tlsVerify), repository, credentials, push, handlerFactory?.Invoke());
}
