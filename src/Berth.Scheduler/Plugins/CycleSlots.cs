namespace Berth.Scheduler.Plugins;

/// <summary>The cycle-state slot of each plugin's per-cycle data (see <see cref="Framework.CycleState"/>).</summary>
internal static class CycleSlots
{
    public const int NodeAffinityFilter = 0;
    public const int NodeAffinityScore = 1;
    public const int TaintTolerationScore = 2;
    public const int InterPodAffinityFilter = 3;
    public const int InterPodAffinityScore = 4;
    public const int PodTopologySpreadFilter = 5;
    public const int PodTopologySpreadScore = 6;
    public const int VolumeBinding = 7;
    public const int ImageLocalityScore = 8;
    public const int Count = 9;
}
