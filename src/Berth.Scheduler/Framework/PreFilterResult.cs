namespace Berth.Scheduler.Framework;

/// <summary>A PreFilter's answer: its status, and the only nodes worth filtering when it knows them (NodeAffinity on metadata.name).</summary>
public sealed record PreFilterResult(Status Status, IReadOnlySet<string>? NodeNames = null)
{
    public static PreFilterResult Success { get; } = new(Status.Success);

    public static PreFilterResult Skip { get; } = new(Status.Skip);
}
