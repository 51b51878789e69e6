namespace Berth.Acceptance.Orchestration;

public sealed class EtcdReplicaSetTests(EtcdSimulatedCluster cluster) : ReplicaSetTests(cluster), IClassFixture<EtcdSimulatedCluster>;
