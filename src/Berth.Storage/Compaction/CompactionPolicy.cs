namespace Berth.Storage.Compaction;

/// <summary>
/// How much history <see cref="PeriodicCompactor"/> keeps for watchers to resume from: at least the
/// last <see cref="KeepRevisions"/> revisions and at least what was written in the last
/// <see cref="KeepFor"/> (a zero turns that window off; both zero keeps only the latest values).
/// </summary>
public sealed record CompactionPolicy
{
    /// <summary>The newest revisions always kept (kine keeps 1,000).</summary>
    public long KeepRevisions { get; init; } = 1000;

    /// <summary>History younger than this is kept (the Kubernetes apiserver compacts every 5 minutes).</summary>
    public TimeSpan KeepFor { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the compactor looks.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);
}
