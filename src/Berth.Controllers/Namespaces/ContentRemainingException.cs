namespace Berth.Controllers.Namespaces;

/// <summary>A Terminating namespace still has content on its way out (kube's ResourcesRemainingError).</summary>
public sealed class ContentRemainingException(long estimateSeconds)
    : Exception($"some content remains in the namespace, estimate {estimateSeconds} seconds before it is removed")
{
    public long EstimateSeconds { get; } = estimateSeconds;
}
