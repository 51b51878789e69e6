namespace Berth.Acceptance.Orchestration;

public sealed class SqliteGarbageCollectionTests(SqliteSimulatedCluster cluster) : GarbageCollectionTests(cluster), IClassFixture<SqliteSimulatedCluster>;
