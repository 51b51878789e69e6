namespace Berth.Scheduler.Framework;

/// <summary>What a plugin computes once per scheduling cycle and reads per node; cloned for preemption's what-ifs.</summary>
public interface ICycleData
{
    ICycleData Copy();
}
