namespace Berth.Acceptance.Orchestration;

public sealed class SqliteDeploymentTests(SqliteSimulatedCluster cluster) : DeploymentTests(cluster), IClassFixture<SqliteSimulatedCluster>;
