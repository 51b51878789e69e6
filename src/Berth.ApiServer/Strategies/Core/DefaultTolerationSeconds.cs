namespace Berth.ApiServer.Strategies.Core;

/// <summary>
/// How long a pod tolerates its node being not ready or unreachable when it says nothing itself
/// (kube-apiserver's DefaultTolerationSeconds admission: --default-not-ready-toleration-seconds and
/// --default-unreachable-toleration-seconds, 300 s each by default).
/// </summary>
public sealed record DefaultTolerationSeconds(long NotReady = 300, long Unreachable = 300);
