using Berth.Testing;

namespace Berth.Acceptance.Api;

/// <summary>One server on a real etcd (--datastore-endpoint http://127.0.0.1:PORT), shared by a test class.</summary>
public sealed class EtcdApiServer : IAsyncLifetime
{
    private readonly EtcdProcess _etcd = new();
    private ApiServerProcess? _server;

    public ApiServerProcess Server => _server ?? throw new InvalidOperationException("the server has not started");

    public async Task InitializeAsync()
    {
        await _etcd.StartAsync();
        _server = new ApiServerProcess(_etcd.Endpoint);
        await _server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        await _etcd.DisposeAsync();
    }
}
