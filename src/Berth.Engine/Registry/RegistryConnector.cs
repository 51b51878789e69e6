namespace Berth.Engine.Registry;

/// <summary>
/// Opens <see cref="RegistryClient"/>s with what the user configured: the auth file the credentials
/// come from and whether TLS certificates are checked. Tests pass their own HTTP handler.
/// </summary>
public sealed class RegistryConnector(AuthFile authFile, bool tlsVerify = true, Func<HttpMessageHandler>? handlerFactory = null)
{
    public AuthFile AuthFile { get; } = authFile;

    public RegistryClient Open(RegistryReference reference, bool push) =>
        Open(reference.Domain, reference.Repository, AuthFile.Find(reference.Domain), push);

    public RegistryClient Open(string domain, string repository, RegistryCredentials? credentials, bool push) =>
        new(RegistryEndpoint.For(domain, tlsVerify), repository, credentials, push, handlerFactory?.Invoke());
}
