namespace Berth.Acceptance.Orchestration;

public sealed class SqliteStatefulSetTests(SqliteSimulatedCluster cluster) : StatefulSetTests(cluster), IClassFixture<SqliteSimulatedCluster>;
