namespace Berth.Controllers.StatefulSets;

/// <summary>Why the StatefulSet controller deletes a pod.</summary>
public enum DeleteReason
{
    /// <summary>The pod failed or succeeded: it goes, and its ordinal gets a new one.</summary>
    Finished,

    /// <summary>Its ordinal is above the replicas wanted.</summary>
    ScaledDown,

    /// <summary>It runs an older revision and the rolling update replaces it.</summary>
    Update,
}
