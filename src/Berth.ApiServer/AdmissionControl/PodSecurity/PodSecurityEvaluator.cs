using System.Text.Json.Nodes;

namespace Berth.ApiServer.AdmissionControl.PodSecurity;

/// <summary>
/// Evaluates a pod (or a template) against a level and version (kube's checkRegistry): baseline's
/// checks for both levels, then baseline's overlapping ones (capabilities, seccomp) for baseline or
/// restricted's for restricted, each list in kube's order (which its messages follow).
/// </summary>
public static class PodSecurityEvaluator
{
    private static readonly PodSecurityCheck[] s_checks =
    [
        new("allowPrivilegeEscalation", PodSecurityLevel.Restricted, false, 8, RestrictedChecks.AllowPrivilegeEscalation),
        new("appArmorProfile", PodSecurityLevel.Baseline, false, 0, BaselineChecks.AppArmorProfile),
        new("capabilities_baseline", PodSecurityLevel.Baseline, true, 0, BaselineChecks.CapabilitiesBaseline),
        new("capabilities_restricted", PodSecurityLevel.Restricted, false, 22, RestrictedChecks.Capabilities),
        new("hostNamespaces", PodSecurityLevel.Baseline, false, 0, BaselineChecks.HostNamespaces),
        new("hostPathVolumes", PodSecurityLevel.Baseline, false, 0, BaselineChecks.HostPathVolumes),
        new("hostPorts", PodSecurityLevel.Baseline, false, 0, BaselineChecks.HostPorts),
        new("privileged", PodSecurityLevel.Baseline, false, 0, BaselineChecks.Privileged),
        new("procMount", PodSecurityLevel.Baseline, false, 0, BaselineChecks.ProcMount),
        new("restrictedVolumes", PodSecurityLevel.Restricted, false, 0, RestrictedChecks.Volumes),
        new("runAsNonRoot", PodSecurityLevel.Restricted, false, 0, RestrictedChecks.RunAsNonRoot),
        new("runAsUser", PodSecurityLevel.Restricted, false, 23, RestrictedChecks.RunAsUser),
        new("seLinuxOptions", PodSecurityLevel.Baseline, false, 0, BaselineChecks.SeLinuxOptions),
        new("seccompProfile_baseline", PodSecurityLevel.Baseline, true, 0, BaselineChecks.SeccompProfileBaseline),
        new("seccompProfile_restricted", PodSecurityLevel.Restricted, false, 19, RestrictedChecks.SeccompProfile),
        new("sysctls", PodSecurityLevel.Baseline, false, 0, BaselineChecks.Sysctls),
        new("windowsHostProcess", PodSecurityLevel.Baseline, false, 0, BaselineChecks.WindowsHostProcess),
    ];

    /// <summary>What the pod violates at this level and version; empty when it passes (privileged always does).</summary>
    public static List<CheckResult> Evaluate(LevelVersion policy, JsonObject metadata, JsonObject spec)
    {
        var results = new List<CheckResult>();
        if (policy.Level == PodSecurityLevel.Privileged)
        {
            return results;
        }
        var minor = policy.CheckedMinor;
        var applied = s_checks.Where(c => c.Level == PodSecurityLevel.Baseline && !c.Overlap)
            .Concat(policy.Level == PodSecurityLevel.Baseline
                ? s_checks.Where(c => c.Level == PodSecurityLevel.Baseline && c.Overlap)
                : s_checks.Where(c => c.Level == PodSecurityLevel.Restricted));
        foreach (var check in applied.Where(c => c.MinimumMinor <= minor))
        {
            if (check.Check(metadata, spec, minor) is { } result)
            {
                results.Add(result);
            }
        }
        return results;
    }

    /// <summary>kube's ForbiddenDetail: "reason (detail), reason (detail)".</summary>
    public static string Detail(IEnumerable<CheckResult> results) => string.Join(", ", results);

    /// <summary>kube's ForbiddenReason: the reasons alone.</summary>
    public static string Reasons(IEnumerable<CheckResult> results) => string.Join(", ", results.Select(r => r.Reason));
}
