namespace Berth.Controllers.CronJobs;

/// <summary>How many start times a CronJob let pass since it last ran (kube's missedSchedulesType).</summary>
public enum MissedSchedules
{
    None,
    Few,

    /// <summary>More than 100: kube warns "too many missed start times" and starts only the latest.</summary>
    Many,
}
