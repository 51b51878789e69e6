namespace Berth.Acceptance.Orchestration;

public sealed class SqliteReplicaSetTests(SqliteSimulatedCluster cluster) : ReplicaSetTests(cluster), IClassFixture<SqliteSimulatedCluster>;
