namespace Berth.Acceptance.Orchestration;

public sealed class EtcdJobTests(EtcdSimulatedCluster cluster) : JobTests(cluster), IClassFixture<EtcdSimulatedCluster>;
