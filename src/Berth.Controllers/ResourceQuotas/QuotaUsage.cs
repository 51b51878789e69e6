using Berth.Client.Quota;
using k8s.Models;

namespace Berth.Controllers.ResourceQuotas;

/// <summary>
/// A quota's usage from the objects of its namespace (kube's CalculateUsage): for every resource the
/// quota limits, the sum over the objects its scopes take in, zero when there are none; names no
/// resource tracks are left out.
/// </summary>
public static class QuotaUsage
{
    public static Dictionary<string, ResourceQuantity> Calculate(
        V1ResourceQuota quota, IEnumerable<QuotaEvaluator> evaluators, Func<QuotaEvaluator, IEnumerable<object>> objects, DateTimeOffset now)
    {
        var hard = quota.Spec?.Hard?.Keys.ToList() ?? [];
        var scopes = QuotaScopes.Of(quota);
        var used = ResourceUsage.Empty();
        foreach (var evaluator in evaluators)
        {
            var tracked = evaluator.MatchingResources(hard);
            if (tracked.Count == 0)
            {
                continue;
            }
            var sum = ResourceUsage.Empty();
            foreach (var name in tracked)
            {
                sum[name] = new ResourceQuantity("0");
            }
            foreach (var item in objects(evaluator).Where(item => scopes.All(scope => evaluator.MatchesScope(scope, item))))
            {
                sum = ResourceUsage.Add(sum, ResourceUsage.Mask(evaluator.Usage(item, now), tracked));
            }
            used = ResourceUsage.Add(used, sum);
        }
        return used;
    }

    /// <summary>The status the controller writes: hard from spec, used recalculated, past observations of names still limited kept.</summary>
    public static V1ResourceQuotaStatus Status(V1ResourceQuota quota, Dictionary<string, ResourceQuantity> calculated)
    {
        var hard = new Dictionary<string, ResourceQuantity>(quota.Spec?.Hard ?? new Dictionary<string, ResourceQuantity>(), StringComparer.Ordinal);
        var used = ResourceUsage.Mask(quota.Status?.Used, hard.Keys);
        foreach (var (name, value) in calculated)
        {
            used[name] = value;
        }
        return new V1ResourceQuotaStatus { Hard = hard, Used = ResourceUsage.Mask(used, hard.Keys) };
    }

    /// <summary>Whether the written status would change anything (a first sync always writes).</summary>
    public static bool Changed(V1ResourceQuota quota, V1ResourceQuotaStatus status) =>
        quota.Status?.Hard is null || quota.Status.Used is null
        || !ResourceUsage.Equal(quota.Status.Hard, status.Hard) || !ResourceUsage.Equal(quota.Status.Used, status.Used);
}
