namespace Berth.Engine.Registry;

/// <summary>
/// Opens <see cref="RegistryClient"/>s with what the user configured: the auth file the credentials
/// come from, whether TLS certificates are checked, and the registry mirrors pulls go through
/// (<see cref="RegistryMirrors"/>; pushes always go to the registry named). Tests pass their own HTTP handler.
/// </summary>
public sealed class RegistryConnector(AuthFile authFile, bool tlsVerify = true, Func<HttpMessageHandler>? handlerFactory = null, RegistryMirrors? mirrors = null)
{
    private RegistryCredentials? _given;

    public AuthFile AuthFile { get; } = authFile;

    /// <summary>
    /// The same connector, but with <paramref name="credentials"/> (the Docker API's X-Registry-Auth) in place of the
    /// auth file's for the registry the request names; none given keeps the auth file's, as dockerd falls back to none.
    /// </summary>
    public RegistryConnector WithCredentials(RegistryCredentials? credentials) =>
        new(AuthFile, tlsVerify, handlerFactory, mirrors) { _given = credentials };

    public RegistryClient Open(RegistryReference reference, bool push) =>
        push ? Open(reference.Domain, reference.Repository, CredentialsFor(reference.Domain), push: true) : OpenPulls(reference).First();

    /// <summary>The clients a pull tries in turn (<see cref="RegistryMirrors.Resolve"/>), each opened only when asked for.</summary>
    public IEnumerable<RegistryClient> OpenPulls(RegistryReference reference)
    {
        foreach (var target in mirrors?.Resolve(reference) ?? [null])
        {
            yield return target is var (endpoint, repository, credentials)
                ? new RegistryClient(tlsVerify ? endpoint : RegistryEndpoint.At(endpoint.Domain, endpoint.BaseUri, false), repository,
                    credentials ?? AuthFile.Find(endpoint.BaseUri.Authority), push: false, handlerFactory?.Invoke())
                : Open(reference.Domain, reference.Repository, CredentialsFor(reference.Domain), push: false);
        }
    }

    public RegistryClient Open(string domain, string repository, RegistryCredentials? credentials, bool push) =>
        new(RegistryEndpoint.For(domain, tlsVerify), repository, credentials, push, handlerFactory?.Invoke());

    /// <summary>The credentials given with the request, else the auth file's for <paramref name="domain"/>.</summary>
    public RegistryCredentials? CredentialsFor(string domain) => _given ?? AuthFile.Find(domain);
}
