namespace Berth.Engine.Registry;

/// <summary>`login`/`logout`: checks credentials against the registry (GET /v2/ through its challenge), then records or forgets them.</summary>
public sealed class RegistryLogin(RegistryConnector connector)
{
    public async Task LoginAsync(string registry, RegistryCredentials credentials, CancellationToken cancellationToken)
    {
        using (var client = connector.Open(registry, repository: "", credentials, push: false))
        {
            await client.CheckLoginAsync(cancellationToken);
        }
        await connector.AuthFile.StoreAsync(registry, credentials, cancellationToken);
    }

    public async Task LogoutAsync(string registry, CancellationToken cancellationToken)
    {
        if (!await connector.AuthFile.RemoveAsync(registry, cancellationToken))
        {
            throw new BerthException($"not logged into {registry}");
        }
    }
}
