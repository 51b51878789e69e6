namespace Berth.Acceptance.Orchestration;

public sealed class EtcdDaemonSetTests(EtcdSimulatedCluster cluster) : DaemonSetTests(cluster), IClassFixture<EtcdSimulatedCluster>;
