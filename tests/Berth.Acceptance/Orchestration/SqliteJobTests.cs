namespace Berth.Acceptance.Orchestration;

public sealed class SqliteJobTests(SqliteSimulatedCluster cluster) : JobTests(cluster), IClassFixture<SqliteSimulatedCluster>;
