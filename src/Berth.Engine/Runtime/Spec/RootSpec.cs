namespace Berth.Engine.Runtime.Spec;

/// <summary>runtime-spec §root: the container's root filesystem.</summary>
public sealed record RootSpec(string Path, bool Readonly = false);
