using Berth.Client.Quota;
using k8s.Models;

namespace Berth.ApiServer.AdmissionControl.ResourceQuotas;

/// <summary>
/// One write checked against a namespace's quotas (kube's CheckRequest): the quotas whose limits
/// and scopes take the object in must know its usage, must not be exceeded by what the write adds
/// (on update, only growth is charged), and come out with their new status.used; or the refusal,
/// worded as kube words it.
/// </summary>
public sealed record QuotaCheck(string? Refusal, IReadOnlyDictionary<string, Dictionary<string, ResourceQuantity>> Used)
{
    private static readonly Dictionary<string, Dictionary<string, ResourceQuantity>> s_none = [];

    public static QuotaCheck Check(IReadOnlyList<V1ResourceQuota> quotas, QuotaEvaluator evaluator, object item, object? old, DateTimeOffset now)
    {
        var counting = new List<V1ResourceQuota>();
        foreach (var quota in quotas)
        {
            var hard = quota.Status?.Hard?.Keys.ToList() ?? [];
            if (!evaluator.Matches(quota, hard, item))
            {
                continue;
            }
            var restricted = evaluator.MatchingResources(hard);
            if (evaluator.Constraints(restricted, item) is { } unmet)
            {
                return Refused($"failed quota: {quota.Metadata.Name}: {unmet}");
            }
            if (restricted.Any(name => quota.Status?.Used?.ContainsKey(name) != true))
            {
                return Refused($"status unknown for quota: {quota.Metadata.Name}, resources: {string.Join(",", restricted.Order(StringComparer.Ordinal))}");
            }
            counting.Add(quota);
        }
        if (counting.Count == 0)
        {
            return new QuotaCheck(null, s_none);
        }
        var delta = evaluator.Usage(item, now);
        if (ResourceUsage.Negative(delta) is { Count: > 0 } negative)
        {
            return Refused($"quota usage is negative for resource(s): {string.Join(",", negative)}");
        }
        if (old is not null)
        {
            delta = ResourceUsage.SubtractNonNegative(delta, evaluator.Usage(old, now));
        }
        delta = ResourceUsage.RemoveZeros(delta);
        var used = new Dictionary<string, Dictionary<string, ResourceQuantity>>(StringComparer.Ordinal);
        if (delta.Count == 0)
        {
            return new QuotaCheck(null, used);
        }
        foreach (var quota in counting)
        {
            var hard = quota.Status!.Hard!;
            var requested = ResourceUsage.Mask(delta, hard.Keys);
            var newUsage = ResourceUsage.Add(quota.Status.Used, requested);
            var exceeded = ResourceUsage.Exceeded(ResourceUsage.Mask(newUsage, requested.Keys), hard);
            if (exceeded.Count > 0)
            {
                return Refused(
                    $"exceeded quota: {quota.Metadata.Name}, requested: {ResourceUsage.Format(ResourceUsage.Mask(requested, exceeded))}, " +
                    $"used: {ResourceUsage.Format(ResourceUsage.Mask(quota.Status.Used, exceeded))}, limited: {ResourceUsage.Format(ResourceUsage.Mask(hard, exceeded))}");
            }
            if (!ResourceUsage.Equal(newUsage, quota.Status.Used))
            {
                used[quota.Metadata.Name] = newUsage;
            }
        }
        return new QuotaCheck(null, used);
    }

    private static QuotaCheck Refused(string why) => new(why, s_none);
}
