namespace Berth.Engine.Runtime.Spec;

/// <summary>runtime-spec §mounts entry.</summary>
public sealed record MountSpec(string Destination, string Type, string Source, IReadOnlyList<string> Options);
