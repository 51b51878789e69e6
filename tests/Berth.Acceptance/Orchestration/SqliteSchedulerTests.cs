namespace Berth.Acceptance.Orchestration;

public sealed class SqliteSchedulerTests(SqliteSimulatedCluster cluster) : SchedulerTests(cluster), IClassFixture<SqliteSimulatedCluster>;
