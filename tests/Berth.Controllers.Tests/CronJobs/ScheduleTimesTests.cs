using System.Globalization;
using Berth.Controllers.CronJobs;
using Berth.Timing.Cron;
using k8s.Models;

namespace Berth.Controllers.Tests.CronJobs;

public sealed class ScheduleTimesTests
{
    [Theory]
    // schedule, created, last schedule, startingDeadlineSeconds, now → due start time (or none), missed
    [InlineData("*/1 * * * *", "10:00:30", null, null, "10:00:45", null, MissedSchedules.None)]
    [InlineData("*/1 * * * *", "10:00:30", null, null, "10:01:05", "10:01:00", MissedSchedules.None)]
    [InlineData("*/1 * * * *", "10:00:30", "10:01:00", null, "10:01:59", null, MissedSchedules.None)]
    [InlineData("*/1 * * * *", "10:00:30", "10:01:00", null, "10:05:30", "10:05:00", MissedSchedules.Few)]
    [InlineData("*/1 * * * *", "10:00:30", "10:01:00", 60, "10:05:30", "10:05:00", MissedSchedules.None)]
    [InlineData("*/1 * * * *", "10:00:30", "10:01:00", 10, "10:05:30", null, MissedSchedules.None)]
    [InlineData("0 * * * *", "09:59:00", null, null, "10:00:00", "10:00:00", MissedSchedules.None)]
    [InlineData("@every 1h", "10:00:00", null, null, "12:30:00", "12:00:00", MissedSchedules.Few)]
    public void Due_IsTheLatestStartTimeSinceTheLastOne(string schedule, string created, string? last, int? deadline, string now, string? due, MissedSchedules missed)
    {
        var cronJob = CronJob(schedule, At(created), last is null ? null : At(last), deadline);

        var result = ScheduleTimes.Due(cronJob, At(now), CronSchedule.Parse(schedule, TimeZoneInfo.Utc));

        Assert.Equal((due is null ? (DateTimeOffset?)null : At(due), missed, (string?)null), result);
    }

    [Fact]
    public void Due_AnIrregularScheduleAfterAWeekend_IsTheLatestOfMonday()
    {
        const string schedule = "30 6-16/4 * * 1-5";
        var cronJob = CronJob(schedule, Instant("2025-01-01T00:00:00Z"), Instant("2025-01-03T14:30:00Z"), null);

        var (due, _, _) = ScheduleTimes.Due(cronJob, Instant("2025-01-06T11:00:00Z"), CronSchedule.Parse(schedule, TimeZoneInfo.Utc));

        Assert.Equal(Instant("2025-01-06T10:30:00Z"), due);
    }

    [Fact]
    public void Due_AfterMoreThanAHundredMissed_IsTheLatestAndSaysMany()
    {
        var cronJob = CronJob("*/1 * * * *", Instant("2025-01-01T00:00:00Z"), null, null);

        var (due, missed, _) = ScheduleTimes.Due(cronJob, Instant("2025-01-02T08:15:20Z"), CronSchedule.Parse("*/1 * * * *", TimeZoneInfo.Utc));

        Assert.Equal((Instant("2025-01-02T08:15:00Z"), MissedSchedules.Many), (due, missed));
    }

    [Fact]
    public void Due_AScheduleThatNeverFires_IsAnError()
    {
        var cronJob = CronJob("59 23 31 2 *", Instant("2025-01-01T00:00:00Z"), null, null);

        var (due, _, error) = ScheduleTimes.Due(cronJob, Instant("2025-03-01T00:00:00Z"), CronSchedule.Parse("59 23 31 2 *", TimeZoneInfo.Utc));

        Assert.Equal(((DateTimeOffset?)null, ScheduleTimes.TooClose), (due, error));
    }

    [Theory]
    // created, last schedule, now → seconds until the CronJob is looked at again
    [InlineData("10:00:30", null, "10:00:45", 15.1)]
    [InlineData("10:00:30", "10:01:00", "10:01:00", 60.1)]
    [InlineData("10:00:30", "10:01:00", "10:05:30", 30.1)]
    public void UntilNext_IsJustAfterTheNextStartTime(string created, string? last, string now, double seconds)
    {
        var cronJob = CronJob("*/1 * * * *", At(created), last is null ? null : At(last), null);

        Assert.Equal(TimeSpan.FromSeconds(seconds), ScheduleTimes.UntilNext(cronJob, At(now), CronSchedule.Parse("*/1 * * * *", TimeZoneInfo.Utc)));
    }

    [Fact]
    public void UntilNext_InTheCronJobsZone()
    {
        var paris = Berth.Timing.TimeZones.Find("Europe/Paris", out _)!;
        var cronJob = CronJob("0 3 * * *", Instant("2025-07-01T00:00:00Z"), null, null);

        Assert.Equal(TimeSpan.FromHours(1) + ScheduleTimes.Padding, ScheduleTimes.UntilNext(cronJob, Instant("2025-07-01T00:00:00Z"), CronSchedule.Parse("0 3 * * *", paris)));
    }

    [Fact]
    public void JobName_IsMinutesSinceTheEpoch()
    {
        Assert.Equal("backup-28930321", ScheduleTimes.JobName("backup", Instant("2025-01-02T12:01:00Z")));
    }

    [Fact]
    public void ForSchedule_CopiesTheTemplateAndAnnotatesTheStartTimeInTheZone()
    {
        var cronJob = CronJob("0 3 * * *", Instant("2025-07-01T00:00:00Z"), null, null);
        cronJob.Metadata.Uid = "cj-uid";
        cronJob.Spec.JobTemplate = new V1JobTemplateSpec
        {
            Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "backup" }, Annotations = new Dictionary<string, string> { ["note"] = "x" } },
            Spec = new V1JobSpec { BackoffLimit = 2, Template = new V1PodTemplateSpec { Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [] } } },
        };
        var paris = Berth.Timing.TimeZones.Find("Europe/Paris", out _)!;

        var job = ScheduledJobs.ForSchedule(cronJob, Instant("2025-07-01T01:00:00Z"), paris);

        Assert.Equal("backup-29188860", job.Metadata.Name);
        Assert.Equal("2025-07-01T03:00:00+02:00", job.Metadata.Annotations[ScheduledJobs.ScheduledTimestampAnnotation]);
        Assert.Equal("x", job.Metadata.Annotations["note"]);
        Assert.Equal("backup", job.Metadata.Labels["app"]);
        Assert.Equal(2, job.Spec.BackoffLimit);
        var owner = Assert.Single(job.Metadata.OwnerReferences);
        Assert.Equal(("CronJob", "backup", "cj-uid", true), (owner.Kind, owner.Name, owner.Uid, owner.Controller));
        Assert.Equal("2025-07-01T01:00:00Z", ScheduledJobs.ForSchedule(cronJob, Instant("2025-07-01T01:00:00Z"), TimeZoneInfo.Utc).Metadata.Annotations[ScheduledJobs.ScheduledTimestampAnnotation]);
    }

    private static V1CronJob CronJob(string schedule, DateTimeOffset created, DateTimeOffset? last, int? deadline) => new()
    {
        Metadata = new V1ObjectMeta { Name = "backup", NamespaceProperty = "ns", CreationTimestamp = created.UtcDateTime },
        Spec = new V1CronJobSpec { Schedule = schedule, StartingDeadlineSeconds = deadline },
        Status = new V1CronJobStatus { LastScheduleTime = last?.UtcDateTime },
    };

    private static DateTimeOffset At(string time) => Instant($"2025-01-02T{time}Z");

    private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
}
