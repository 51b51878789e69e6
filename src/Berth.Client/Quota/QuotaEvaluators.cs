using System.Collections.Concurrent;

namespace Berth.Client.Quota;

/// <summary>
/// The evaluator of every resource (kube's quota registry): pods, services and claims have their
/// own; configmaps, secrets, resourcequotas and replicationcontrollers count under their legacy
/// names too; any other resource is counted as count/RESOURCE.GROUP. Events and reviews are never counted.
/// </summary>
public sealed class QuotaEvaluators
{
    private static readonly HashSet<(string, string)> s_ignored =
    [
        ("", "events"), ("events.k8s.io", "events"),
        ("authentication.k8s.io", "tokenreviews"), ("authentication.k8s.io", "selfsubjectreviews"),
        ("authorization.k8s.io", "subjectaccessreviews"), ("authorization.k8s.io", "selfsubjectaccessreviews"),
        ("authorization.k8s.io", "localsubjectaccessreviews"), ("authorization.k8s.io", "selfsubjectrulesreviews"),
    ];

    private readonly ConcurrentDictionary<(string Group, string Resource), QuotaEvaluator> _evaluators = new();

    public QuotaEvaluators()
    {
        foreach (var evaluator in new QuotaEvaluator[]
        {
            new PodQuotaEvaluator(), new ServiceQuotaEvaluator(), new ClaimQuotaEvaluator(),
            new ObjectCountEvaluator("", "configmaps", "configmaps"), new ObjectCountEvaluator("", "secrets", "secrets"),
            new ObjectCountEvaluator("", "resourcequotas", "resourcequotas"),
            new ObjectCountEvaluator("", "replicationcontrollers", "replicationcontrollers"),
        })
        {
            _evaluators[(evaluator.Group, evaluator.Resource)] = evaluator;
        }
    }

    /// <summary>The evaluator of a resource, or null for one quota never counts.</summary>
    public QuotaEvaluator? For(string group, string resource) =>
        s_ignored.Contains((group, resource)) ? null : _evaluators.GetOrAdd((group, resource), key => new ObjectCountEvaluator(key.Group, key.Resource));

    /// <summary>The resources a quota of these names counts: the known ones that track one, and every count/RESOURCE.GROUP named.</summary>
    public IEnumerable<QuotaEvaluator> Tracking(IEnumerable<string> names)
    {
        var list = names.ToList();
        foreach (var name in list.Where(n => n.StartsWith("count/", StringComparison.Ordinal)))
        {
            var (resource, group) = SplitCount(name["count/".Length..]);
            For(group, resource);
        }
        return _evaluators.Values.Where(e => list.Any(e.Tracks)).ToList();
    }

    private static (string Resource, string Group) SplitCount(string groupResource)
    {
        var dot = groupResource.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? (groupResource, "") : (groupResource[..dot], groupResource[(dot + 1)..]);
    }
}
