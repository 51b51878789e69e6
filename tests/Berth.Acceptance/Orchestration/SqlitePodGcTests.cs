namespace Berth.Acceptance.Orchestration;

public sealed class SqlitePodGcTests(SqlitePodGcTests.Cluster cluster) : PodGcTests(cluster), IClassFixture<SqlitePodGcTests.Cluster>
{
    /// <summary>Simulated nodes on a server that keeps two finished pods.</summary>
    public sealed class Cluster() : SimulatedClusterServer(etcd: false, null, ServerFlags);
}
