using k8s.Models;

namespace Berth.Controllers.Namespaces;

/// <summary>
/// The conditions the namespace controller keeps on a Terminating namespace (kube's
/// namespaceConditionUpdater): each of the five types is True with the failure it met in this
/// pass, or False with its "ok" reason and message.
/// </summary>
public sealed class NamespaceConditions
{
    public const string DiscoveryFailure = "NamespaceDeletionDiscoveryFailure";
    public const string GroupVersionParsingFailure = "NamespaceDeletionGroupVersionParsingFailure";
    public const string ContentFailure = "NamespaceDeletionContentFailure";
    public const string ContentRemaining = "NamespaceContentRemaining";
    public const string FinalizersRemaining = "NamespaceFinalizersRemaining";

    private static readonly (string Type, string Reason, string Message)[] Ok =
    [
        (DiscoveryFailure, "ResourcesDiscovered", "All resources successfully discovered"),
        (GroupVersionParsingFailure, "ParsedGroupVersions", "All legacy kube types successfully parsed"),
        (ContentFailure, "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
        (ContentRemaining, "ContentRemoved", "All content successfully removed"),
        (FinalizersRemaining, "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
    ];

    private readonly List<(string Type, string Reason, string Message)> _failures = [];
    private readonly List<string> _contentErrors = [];

    public void DiscoveryFailed(string message, int failedGroups) =>
        _failures.Add((DiscoveryFailure, "DiscoveryFailed", $"Discovery failed for some groups, {failedGroups} failing: {message}"));

    public void ContentDeletionFailed(string error) => _contentErrors.Add(error);

    /// <summary>What is left after a pass: instances per group/resource (<c>pods.</c>, <c>deployments.apps</c>) and per finalizer.</summary>
    public void Remaining(IReadOnlyDictionary<string, int> byResource, IReadOnlyDictionary<string, int> byFinalizer)
    {
        if (byResource.Count > 0)
        {
            var remaining = byResource.Where(r => r.Value > 0).Select(r => $"{r.Key} has {r.Value} resource instances").Order(StringComparer.Ordinal);
            _failures.Add((ContentRemaining, "SomeResourcesRemain", $"Some resources are remaining: {string.Join(", ", remaining)}"));
        }
        if (byFinalizer.Count > 0)
        {
            var remaining = byFinalizer.Where(f => f.Value > 0).Select(f => $"{f.Key} in {f.Value} resource instances").Order(StringComparer.Ordinal);
            _failures.Add((FinalizersRemaining, "SomeFinalizersRemain", $"Some content in the namespace has finalizers remaining: {string.Join(", ", remaining)}"));
        }
    }

    /// <summary>Writes the pass's conditions into the status; true when something changed.</summary>
    public bool Apply(V1NamespaceStatus status, DateTime now)
    {
        var failures = _failures.ToList();
        if (_contentErrors.Count > 0)
        {
            var errors = _contentErrors.Order(StringComparer.Ordinal).ToList();
            failures.Add((ContentFailure, "ContentDeletionFailed", $"Failed to delete all resource types, {errors.Count} remaining: {string.Join(", ", errors)}"));
        }
        status.Conditions ??= [];
        var changed = false;
        foreach (var ok in Ok)
        {
            var failure = failures.FirstOrDefault(f => f.Type == ok.Type);
            var (wanted, reason, message) = failure.Type is null ? ("False", ok.Reason, ok.Message) : ("True", failure.Reason, failure.Message);
            var existing = status.Conditions.FirstOrDefault(c => c.Type == ok.Type);
            if (existing is null)
            {
                status.Conditions.Add(new V1NamespaceCondition { Type = ok.Type, Status = wanted, Reason = reason, Message = message, LastTransitionTime = now });
                changed = true;
            }
            else if (existing.Status != wanted || existing.Reason != reason || existing.Message != message)
            {
                if (existing.Status != wanted)
                {
                    existing.LastTransitionTime = now;
                }
                (existing.Status, existing.Reason, existing.Message) = (wanted, reason, message);
                changed = true;
            }
        }
        return changed;
    }
}
