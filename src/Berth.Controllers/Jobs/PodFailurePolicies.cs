using k8s.Models;

namespace Berth.Controllers.Jobs;

/// <summary>
/// Matches a failed pod against a Job's podFailurePolicy (kube's matchPodFailurePolicy): rules are
/// tried in order; onExitCodes looks at terminated containers (then init containers) with a
/// non-zero exit code, optionally of one container; onPodConditions at the pod's conditions by
/// type and status. The first rule that matches decides.
/// </summary>
public static class PodFailurePolicies
{
    public static PodFailurePolicyMatch Match(V1PodFailurePolicy? policy, V1Pod pod)
    {
        if (policy?.Rules is not { } rules)
        {
            return PodFailurePolicyMatch.None;
        }
        for (var index = 0; index < rules.Count; index++)
        {
            var rule = rules[index];
            string? failJobMessage;
            if (rule.OnExitCodes is { } onExitCodes)
            {
                if (MatchingContainer(pod.Status, onExitCodes) is not { } container)
                {
                    continue;
                }
                failJobMessage = $"Container {container.Name} for pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} failed with exit code {container.State.Terminated.ExitCode} matching {rule.Action} rule at index {index}";
            }
            else if (rule.OnPodConditions is { } patterns)
            {
                if (MatchingCondition(pod.Status, patterns) is not { } condition)
                {
                    continue;
                }
                failJobMessage = $"Pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} has condition {condition.Type} matching {rule.Action} rule at index {index}";
            }
            else
            {
                continue;
            }
            switch (rule.Action)
            {
                case PodFailurePolicyMatch.Ignore:
                    return new PodFailurePolicyMatch(rule.Action, false, null);
                case PodFailurePolicyMatch.Count or PodFailurePolicyMatch.FailIndex:
                    return new PodFailurePolicyMatch(rule.Action, true, null);
                case PodFailurePolicyMatch.FailJob:
                    return new PodFailurePolicyMatch(rule.Action, true, failJobMessage);
            }
        }
        return PodFailurePolicyMatch.None;
    }

    private static V1ContainerStatus? MatchingContainer(V1PodStatus? status, V1PodFailurePolicyOnExitCodesRequirement requirement) =>
        Matching(status?.ContainerStatuses, requirement) ?? Matching(status?.InitContainerStatuses, requirement);

    private static V1ContainerStatus? Matching(IList<V1ContainerStatus>? statuses, V1PodFailurePolicyOnExitCodesRequirement requirement) =>
        statuses?.FirstOrDefault(s => s.State?.Terminated is { ExitCode: not 0 } terminated
            && (requirement.ContainerName is null || requirement.ContainerName == s.Name)
            && OperatorMatches(terminated.ExitCode, requirement));

    private static bool OperatorMatches(int exitCode, V1PodFailurePolicyOnExitCodesRequirement requirement) => requirement.OperatorProperty switch
    {
        "In" => requirement.Values?.Contains(exitCode) == true,
        "NotIn" => requirement.Values?.Contains(exitCode) != true,
        _ => false,
    };

    private static V1PodCondition? MatchingCondition(V1PodStatus? status, IList<V1PodFailurePolicyOnPodConditionsPattern> patterns) =>
        status?.Conditions?.FirstOrDefault(c => patterns.Any(p => p.Type == c.Type && (p.Status ?? "True") == c.Status));
}
