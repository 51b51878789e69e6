namespace Berth.Acceptance.Orchestration;

/// <summary>A simulated cluster on the default SQLite store.</summary>
public sealed class SqliteSimulatedCluster() : SimulatedClusterServer(etcd: false);
