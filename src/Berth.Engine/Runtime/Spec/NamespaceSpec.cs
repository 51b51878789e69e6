namespace Berth.Engine.Runtime.Spec;

/// <summary>A namespace to create, or to join when <see cref="Path"/> is set.</summary>
public sealed record NamespaceSpec(string Type, string? Path = null);
