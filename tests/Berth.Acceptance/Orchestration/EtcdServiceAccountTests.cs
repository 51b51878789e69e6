namespace Berth.Acceptance.Orchestration;

public sealed class EtcdServiceAccountTests(EtcdSimulatedCluster cluster) : ServiceAccountTests(cluster), IClassFixture<EtcdSimulatedCluster>;
