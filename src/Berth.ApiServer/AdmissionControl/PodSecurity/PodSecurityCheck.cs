using System.Text.Json.Nodes;

namespace Berth.ApiServer.AdmissionControl.PodSecurity;

/// <summary>
/// One check of the standards (kube's policy.Check): its level; a baseline check that restricted
/// replaces with a stricter one (<paramref name="Overlap"/>); the first version it applies to; and the
/// check itself, from the pod's metadata, spec and the version checked (null when the pod passes).
/// </summary>
public sealed record PodSecurityCheck(
    string Id, PodSecurityLevel Level, bool Overlap, int MinimumMinor, Func<JsonObject, JsonObject, int, CheckResult?> Check);
