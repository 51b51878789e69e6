namespace Berth.Acceptance.Orchestration;

public sealed class SqliteEndpointsTests(SqliteSimulatedCluster cluster) : EndpointsTests(cluster), IClassFixture<SqliteSimulatedCluster>;
