namespace Berth.Acceptance.Orchestration;

public sealed class EtcdGarbageCollectionTests(EtcdSimulatedCluster cluster) : GarbageCollectionTests(cluster), IClassFixture<EtcdSimulatedCluster>;
