namespace Berth.Controllers.Namespaces;

/// <summary>
/// What is left of one resource in a Terminating namespace after a deletion pass, and how long to
/// wait for it (kube's gvrDeletionMetadata).
/// </summary>
public sealed record ResourceContent(long EstimateSeconds, int Remaining, IReadOnlyDictionary<string, int> Finalizers)
{
    /// <summary>The wait kube assumes for finalizers to finish when nothing else estimates it.</summary>
    public const long FinalizerEstimateSeconds = 15;

    public static ResourceContent Empty { get; } = new(0, 0, new Dictionary<string, int>());

    /// <summary>
    /// Judges what a list found after deleting: nothing left is done; items under a graceful
    /// estimate or with finalizers are expected to go (wait); items with neither should have gone
    /// (an error, with what is left).
    /// </summary>
    public static (ResourceContent Content, bool Unexpected) Judge(long estimateSeconds, IReadOnlyList<IList<string>?> remainingFinalizers)
    {
        if (remainingFinalizers.Count == 0)
        {
            return (Empty, false);
        }
        var finalizers = remainingFinalizers.SelectMany(f => f ?? []).GroupBy(f => f, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        if (estimateSeconds != 0)
        {
            return (new ResourceContent(estimateSeconds, remainingFinalizers.Count, finalizers), false);
        }
        return finalizers.Count > 0
            ? (new ResourceContent(FinalizerEstimateSeconds, remainingFinalizers.Count, finalizers), false)
            : (new ResourceContent(0, remainingFinalizers.Count, finalizers), true);
    }
}
