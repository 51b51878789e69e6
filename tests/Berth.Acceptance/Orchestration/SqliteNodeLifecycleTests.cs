namespace Berth.Acceptance.Orchestration;

public sealed class SqliteNodeLifecycleTests(SqliteNodeLifecycleTests.Cluster cluster) : NodeLifecycleTests(cluster), IClassFixture<SqliteNodeLifecycleTests.Cluster>
{
    /// <summary>Simulated nodes that renew their leases every second, on a server that gives a quiet node 6 s and pods 400/600 s of default tolerations.</summary>
    public sealed class Cluster() : SimulatedClusterServer(etcd: false, TimeSpan.FromSeconds(1), ServerFlags);
}
