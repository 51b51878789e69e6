using Berth.Storage.Etcd;
using Berth.Storage.Tests.Etcd;

namespace Berth.Storage.Tests.Conformance;

public sealed class EtcdConformanceTests(EtcdServer etcd) : KeyValueStoreConformanceTests, IClassFixture<EtcdServer>
{
    protected override Task<IKeyValueStore> OpenStoreAsync() => Task.FromResult<IKeyValueStore>(EtcdKeyValueStore.Open(etcd.Endpoint));
}
