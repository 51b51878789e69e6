namespace Berth.Acceptance.Orchestration;

public sealed class EtcdPodGcTests(EtcdPodGcTests.Cluster cluster) : PodGcTests(cluster), IClassFixture<EtcdPodGcTests.Cluster>
{
    /// <summary>Simulated nodes on a server (on etcd) that keeps two finished pods.</summary>
    public sealed class Cluster() : SimulatedClusterServer(etcd: true, null, ServerFlags);
}
