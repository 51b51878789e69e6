namespace Berth.Engine.Events;

/// <summary>A network as its events name it: by name (Podman's field) and id (the Docker API's Actor).</summary>
public sealed record NetworkRef(string Name, string Id);
