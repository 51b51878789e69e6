namespace Berth.Acceptance.Orchestration;

public sealed class EtcdDeploymentTests(EtcdSimulatedCluster cluster) : DeploymentTests(cluster), IClassFixture<EtcdSimulatedCluster>;
