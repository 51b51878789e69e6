namespace Berth.Engine.Runtime.Spec;

/// <summary>runtime-spec §capabilities: the process's capability sets, as CAP_* names.</summary>
public sealed record CapabilitySets(
    IReadOnlyList<string> Bounding,
    IReadOnlyList<string> Effective,
    IReadOnlyList<string> Permitted);
