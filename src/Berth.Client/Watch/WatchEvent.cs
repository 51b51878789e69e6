using k8s;

namespace Berth.Client.Watch;

/// <summary>One change seen by a watch; a Bookmark carries only the resourceVersion reached.</summary>
public sealed record WatchEvent<T>(WatchEventType Type, T Object);
