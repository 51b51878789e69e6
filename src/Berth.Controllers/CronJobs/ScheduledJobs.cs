using Berth.Client.Serialization;
using Berth.Controllers.Machinery;
using k8s.Models;

namespace Berth.Controllers.CronJobs;

/// <summary>The Jobs a CronJob creates and how it reads them (kube's getJobFromTemplate2 and the job helpers).</summary>
public static class ScheduledJobs
{
    public const string ScheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp";

    /// <summary>
    /// The Job for one start time: the template's labels, annotations and spec, the name
    /// NAME-&lt;minutes since the epoch&gt;, the start time in the CronJob's zone (UTC without one)
    /// as an RFC 3339 annotation, and the CronJob as controller.
    /// </summary>
    public static V1Job ForSchedule(V1CronJob cronJob, DateTimeOffset scheduled, TimeZoneInfo annotationZone)
    {
        var template = ModelCopy.Clone(cronJob.Spec.JobTemplate, ModelJsonContext.Default.V1JobTemplateSpec);
        var annotations = template.Metadata?.Annotations is { } a ? new Dictionary<string, string>(a) : new Dictionary<string, string>();
        annotations[ScheduledTimestampAnnotation] = Rfc3339(TimeZoneInfo.ConvertTime(scheduled, annotationZone));
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = ScheduleTimes.JobName(cronJob.Metadata.Name, scheduled),
                NamespaceProperty = cronJob.Metadata.NamespaceProperty,
                Labels = template.Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels) : null,
                Annotations = annotations,
                OwnerReferences = [ControllerRefs.To("batch/v1", CronJobController.Kind, cronJob.Metadata)],
            },
            Spec = template.Spec,
        };
    }

    /// <summary>The Job's Complete or Failed condition type, when it has finished.</summary>
    public static string? Finished(V1Job job) =>
        job.Status?.Conditions?.FirstOrDefault(c => c.Type is "Complete" or "Failed" && c.Status == "True")?.Type;

    /// <summary>Oldest first by startTime (Jobs not started last), then by name (kube's byJobStartTime).</summary>
    public static IEnumerable<V1Job> OldestFirst(IEnumerable<V1Job> jobs) =>
        jobs.OrderBy(j => j.Status?.StartTime is null ? 1 : 0).ThenBy(j => j.Status?.StartTime).ThenBy(j => j.Metadata.Name, StringComparer.Ordinal);

    public static V1ObjectReference Reference(V1Job job) => new()
    {
        ApiVersion = "batch/v1",
        Kind = "Job",
        Name = job.Metadata.Name,
        NamespaceProperty = job.Metadata.NamespaceProperty,
        Uid = job.Metadata.Uid,
        ResourceVersion = job.Metadata.ResourceVersion,
    };

    /// <summary>Go's time.RFC3339: seconds, "Z" for UTC, else the offset as +hh:mm.</summary>
    public static string Rfc3339(DateTimeOffset time) =>
        time.Offset == TimeSpan.Zero
            ? time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)
            : time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
}
