namespace Berth.Acceptance.Orchestration;

/// <summary>A simulated cluster on a real etcd.</summary>
public sealed class EtcdSimulatedCluster() : SimulatedClusterServer(etcd: true);
