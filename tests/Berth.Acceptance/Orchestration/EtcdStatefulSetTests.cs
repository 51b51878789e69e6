namespace Berth.Acceptance.Orchestration;

public sealed class EtcdStatefulSetTests(EtcdSimulatedCluster cluster) : StatefulSetTests(cluster), IClassFixture<EtcdSimulatedCluster>;
