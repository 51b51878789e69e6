using k8s.Models;

namespace Berth.Controllers.DaemonSets;

/// <summary>
/// What one step of a DaemonSet sync does: create a pod on each of <see cref="Creates"/>, delete
/// <see cref="Deletes"/>, and delete each of <see cref="Failed"/> (failed pods, replaced under a
/// per-node back-off).
/// </summary>
public sealed record DaemonSetPlan(IReadOnlyList<string> Creates, IReadOnlyList<V1Pod> Deletes, IReadOnlyList<V1Pod> Failed)
{
    public static DaemonSetPlan Nothing { get; } = new([], [], []);

    public bool IsEmpty => Creates.Count == 0 && Deletes.Count == 0 && Failed.Count == 0;
}
