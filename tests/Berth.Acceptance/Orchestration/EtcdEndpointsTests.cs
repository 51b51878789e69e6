namespace Berth.Acceptance.Orchestration;

public sealed class EtcdEndpointsTests(EtcdSimulatedCluster cluster) : EndpointsTests(cluster), IClassFixture<EtcdSimulatedCluster>;
