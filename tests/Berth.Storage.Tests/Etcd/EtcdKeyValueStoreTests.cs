using System.Net;
using System.Net.Sockets;
using Berth.Storage.Etcd;

namespace Berth.Storage.Tests.Etcd;

/// <summary>What only the etcd backend has to get right: an unreachable cluster is a clear error.</summary>
public sealed class EtcdKeyValueStoreTests
{
    [Fact]
    public async Task GetAsync_NothingListening_ThrowsStoreUnavailable()
    {
        await using var store = EtcdKeyValueStore.Open($"http://127.0.0.1:{ClosedPort()}");

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetAsync("/a"));
    }

    [Fact]
    public async Task CreateAsync_NothingListening_ThrowsStoreWrite()
    {
        await using var store = EtcdKeyValueStore.Open($"http://127.0.0.1:{ClosedPort()}");

        await Assert.ThrowsAsync<StoreWriteException>(() => store.CreateAsync("/a", [1]));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
