namespace Berth.Acceptance.Api;

/// <summary>One server on the default SQLite store, shared by a test class.</summary>
public sealed class SqliteApiServer : IAsyncLifetime
{
    public ApiServerProcess Server { get; } = new();

    public Kubectl Kubectl => new(Server);

    public Task InitializeAsync() => Server.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
