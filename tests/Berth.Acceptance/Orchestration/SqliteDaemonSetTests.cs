namespace Berth.Acceptance.Orchestration;

public sealed class SqliteDaemonSetTests(SqliteSimulatedCluster cluster) : DaemonSetTests(cluster), IClassFixture<SqliteSimulatedCluster>;
