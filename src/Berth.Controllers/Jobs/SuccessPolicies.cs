using k8s.Models;

namespace Berth.Controllers.Jobs;

/// <summary>
/// Matches an Indexed Job's succeeded indexes against spec.successPolicy (kube's
/// matchSuccessPolicy): a rule with succeededIndexes is met when all of them succeeded, or
/// succeededCount of them; a rule with only succeededCount when that many indexes succeeded.
/// Returns the SuccessCriteriaMet message of the first rule met, or null.
/// </summary>
public static class SuccessPolicies
{
    public static string? Match(V1SuccessPolicy? policy, int completions, IndexIntervals succeeded)
    {
        if (policy?.Rules is not { } rules || succeeded.Total == 0)
        {
            return null;
        }
        for (var index = 0; index < rules.Count; index++)
        {
            var rule = rules[index];
            if (rule.SucceededIndexes is { } text)
            {
                var required = IndexIntervals.Parse(text, completions);
                if (required.Total == 0)
                {
                    continue;
                }
                var overlap = required.Overlap(succeeded);
                if (overlap == required.Total || (rule.SucceededCount is { } count && overlap >= count))
                {
                    return $"Matched rules at index {index}";
                }
            }
            else if (rule.SucceededCount is { } count && succeeded.Total >= count)
            {
                return $"Matched rules at index {index}";
            }
        }
        return null;
    }
}
