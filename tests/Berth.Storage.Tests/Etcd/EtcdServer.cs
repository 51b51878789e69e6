using Berth.Testing;

namespace Berth.Storage.Tests.Etcd;

/// <summary>A real etcd of the test class's own (see <see cref="EtcdProcess"/>).</summary>
public sealed class EtcdServer : IAsyncLifetime
{
    private readonly EtcdProcess _etcd = new();

    public string Endpoint => _etcd.Endpoint;

    public Task InitializeAsync() => _etcd.StartAsync();

    public async Task DisposeAsync() => await _etcd.DisposeAsync();
}
