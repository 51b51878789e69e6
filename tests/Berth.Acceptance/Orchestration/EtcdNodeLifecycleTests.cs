namespace Berth.Acceptance.Orchestration;

public sealed class EtcdNodeLifecycleTests(EtcdNodeLifecycleTests.Cluster cluster) : NodeLifecycleTests(cluster), IClassFixture<EtcdNodeLifecycleTests.Cluster>
{
    /// <summary>Simulated nodes that renew their leases every second, on a server (on etcd) that gives a quiet node 6 s and pods 400/600 s of default tolerations.</summary>
    public sealed class Cluster() : SimulatedClusterServer(etcd: true, TimeSpan.FromSeconds(1), ServerFlags);
}
