using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Algorithm;

/// <summary>A node's filter result and the plugin that decided it (empty when every filter passed).</summary>
public readonly record struct FilterOutcome(Status Status, string Plugin)
{
    public static FilterOutcome Passed { get; } = new(Status.Success, "");

    public bool IsSuccess => Status.IsSuccess;
}
