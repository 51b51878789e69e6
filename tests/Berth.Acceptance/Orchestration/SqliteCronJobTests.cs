namespace Berth.Acceptance.Orchestration;

public sealed class SqliteCronJobTests(SqliteSimulatedCluster cluster) : CronJobTests(cluster), IClassFixture<SqliteSimulatedCluster>;
