namespace Berth.Acceptance.Orchestration;

public sealed class SqliteSchedulingPolicyTests(SqliteSimulatedCluster cluster) : SchedulingPolicyTests(cluster), IClassFixture<SqliteSimulatedCluster>;
