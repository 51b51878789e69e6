namespace Berth.Acceptance.Orchestration;

public sealed class EtcdSchedulingPolicyTests(EtcdSimulatedCluster cluster) : SchedulingPolicyTests(cluster), IClassFixture<EtcdSimulatedCluster>;
