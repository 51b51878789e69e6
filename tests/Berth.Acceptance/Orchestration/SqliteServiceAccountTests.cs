namespace Berth.Acceptance.Orchestration;

public sealed class SqliteServiceAccountTests(SqliteSimulatedCluster cluster) : ServiceAccountTests(cluster), IClassFixture<SqliteSimulatedCluster>;
