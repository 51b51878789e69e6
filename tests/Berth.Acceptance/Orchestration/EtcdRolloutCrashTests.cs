namespace Berth.Acceptance.Orchestration;

public sealed class EtcdRolloutCrashTests() : RolloutCrashTests(etcd: true);
