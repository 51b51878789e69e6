namespace Berth.Storage;

public enum WatchEventType
{
    Created,
    Updated,
    Deleted,
}

/// <param name="Current">For a deletion: the last value, with the deletion's revision as mod revision.</param>
public sealed record WatchEvent(WatchEventType Type, KeyValue Current, KeyValue? Previous);
