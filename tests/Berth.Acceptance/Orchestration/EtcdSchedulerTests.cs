namespace Berth.Acceptance.Orchestration;

public sealed class EtcdSchedulerTests(EtcdSimulatedCluster cluster) : SchedulerTests(cluster), IClassFixture<EtcdSimulatedCluster>;
