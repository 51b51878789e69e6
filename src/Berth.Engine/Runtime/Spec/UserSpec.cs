namespace Berth.Engine.Runtime.Spec;

/// <summary>runtime-spec §user: numeric ids inside the container.</summary>
public sealed record UserSpec(uint Uid, uint Gid)
{
    public IReadOnlyList<uint>? AdditionalGids { get; init; }
}
