namespace Berth.Acceptance.Orchestration;

public sealed class EtcdCronJobTests(EtcdSimulatedCluster cluster) : CronJobTests(cluster), IClassFixture<EtcdSimulatedCluster>;
