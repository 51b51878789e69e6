namespace Berth.Engine.Containers;

/// <summary>Which part of a container's log to read: `logs [-f] [--since T] [--until T] [--tail N]`.</summary>
public sealed record LogReadOptions
{
    /// <summary>Keep reading new entries until the container exits.</summary>
    public bool Follow { get; init; }

    /// <summary>Only entries written at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only entries written before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Only the last N lines already written (a partial line counts with the line it ends in); null for all.</summary>
    public int? Tail { get; init; }
}
