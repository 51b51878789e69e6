namespace Berth.Engine.Progress;

/// <summary>How a blob transfer ended.</summary>
public enum BlobOutcome
{
    /// <summary>Its bytes were sent or received and verified.</summary>
    Copied,

    /// <summary>The other side already had it.</summary>
    Skipped,

    /// <summary>The registry mounted it from another repository (push).</summary>
    Mounted,
}
