namespace Berth.Client.Discovery;

/// <summary>
/// What discovery found: the resources of every group/version that answered, and the
/// group/versions that failed (discovery is partial rather than all-or-nothing, as client-go's).
/// </summary>
public sealed record DiscoveryResult(IReadOnlyList<DiscoveredResource> Resources, IReadOnlyDictionary<string, string> FailedGroups)
{
    /// <summary>client-go's ErrGroupDiscoveryFailed wording.</summary>
    public string FailureMessage => $"unable to retrieve the complete list of server APIs: {string.Join(", ", FailedGroups.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}: {f.Value}"))}";
}
