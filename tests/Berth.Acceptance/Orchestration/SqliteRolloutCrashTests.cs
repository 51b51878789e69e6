namespace Berth.Acceptance.Orchestration;

public sealed class SqliteRolloutCrashTests() : RolloutCrashTests(etcd: false);
