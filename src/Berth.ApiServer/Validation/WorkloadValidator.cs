using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Berth.Client.Selectors;
using Berth.Client.Serialization;
using Berth.Timing;
using Berth.Timing.Cron;

namespace Berth.ApiServer.Validation;

/// <summary>Checks apps/v1 and batch/v1 workload specs: replicas, selector against template labels, strategies, pod template.</summary>
internal static class WorkloadValidator
{
    private static readonly string[] s_always = ["Always"];
    private static readonly string[] s_jobRestartPolicies = ["OnFailure", "Never"];

    /// <summary>One component of an IANA zone name (kube's validTimeZoneCharacters).</summary>
    private static readonly Regex s_timeZonePart = new(@"^[A-Za-z\.\-_0-9+]{1,14}$", RegexOptions.CultureInvariant);

    public static void Apps(string kind, JsonObject spec, List<FieldError> errors)
    {
        if (kind is not ("Deployment" or "ReplicaSet" or "DaemonSet" or "StatefulSet"))
        {
            return;
        }

        PodSpecValidator.NonNegative(spec, "replicas", "spec", errors);
        PodSpecValidator.NonNegative(spec, "minReadySeconds", "spec", errors);
        PodSpecValidator.NonNegative(spec, "revisionHistoryLimit", "spec", errors);
        // A StatefulSet's pods get a volume per claim template, named as the template.
        var claimVolumes = kind == "StatefulSet" ? spec.Items("volumeClaimTemplates").Select(c => c.Str("metadata", "name")).OfType<string>().ToList() : null;
        SelectorAndTemplate(spec, "spec", errors, claimVolumes);
        RestartPolicy(spec.At("template", "spec"), "spec.template.spec", s_always, errors);
        if (kind == "Deployment")
        {
            DeploymentStrategy(spec, errors);
        }

        if (kind == "StatefulSet")
        {
            PodSpecValidator.OneOf(spec, "podManagementPolicy", ["OrderedReady", "Parallel"], "spec", errors);
            if (spec.At("updateStrategy") is JsonObject s)
            {
                PodSpecValidator.OneOf(s, "type", ["RollingUpdate", "OnDelete"], "spec.updateStrategy", errors);
            }
        }

        if (kind == "DaemonSet" && spec.At("updateStrategy") is JsonObject ds)
        {
            PodSpecValidator.OneOf(ds, "type", ["RollingUpdate", "OnDelete"], "spec.updateStrategy", errors);
        }
    }

    public static void Job(JsonObject spec, string path, List<FieldError> errors)
    {
        PodSpecValidator.NonNegative(spec, "parallelism", path, errors);
        PodSpecValidator.NonNegative(spec, "completions", path, errors);
        PodSpecValidator.NonNegative(spec, "backoffLimit", path, errors);
        if (spec["activeDeadlineSeconds"] is { } deadline && spec.Int("activeDeadlineSeconds") is not > 0)
        {
            errors.Add(FieldError.Invalid($"{path}.activeDeadlineSeconds", deadline.DeepClone(), "must be greater than or equal to 1"));
        }

        PodSpecValidator.OneOf(spec, "completionMode", ["NonIndexed", "Indexed"], path, errors);
        if (spec["selector"] is not null)
        {
            SelectorAndTemplate(spec, path, errors);
        }
        else
        {
            PodSpecValidator.Validate(spec.At("template", "spec") as JsonObject, $"{path}.template.spec", errors);
        }

        var podSpec = spec.At("template", "spec");
        if (podSpec is JsonObject && podSpec.Str("restartPolicy") is null)
        {
            errors.Add(FieldError.Required($"{path}.template.spec.restartPolicy", "valid values: \"OnFailure\", \"Never\""));
        }
        else
        {
            RestartPolicy(podSpec, $"{path}.template.spec", s_jobRestartPolicies, errors);
        }
    }

    public static void CronJob(JsonObject spec, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(spec.Str("schedule")))
        {
            errors.Add(FieldError.Required("spec.schedule"));
        }
        else
        {
            Schedule(spec.Str("schedule")!, errors);
        }

        TimeZone(spec, errors);
        PodSpecValidator.NonNegative(spec, "startingDeadlineSeconds", "spec", errors);
        PodSpecValidator.OneOf(spec, "concurrencyPolicy", ["Allow", "Forbid", "Replace"], "spec", errors);
        PodSpecValidator.NonNegative(spec, "successfulJobsHistoryLimit", "spec", errors);
        PodSpecValidator.NonNegative(spec, "failedJobsHistoryLimit", "spec", errors);
        if (spec.At("jobTemplate", "spec") is JsonObject jobSpec)
        {
            Job(jobSpec, "spec.jobTemplate.spec", errors);
        }
        else
        {
            errors.Add(FieldError.Required("spec.jobTemplate.spec"));
        }
    }

    /// <summary>A schedule robfig/cron parses (its message when not), without TZ= or CRON_TZ= (spec.timeZone says that).</summary>
    private static void Schedule(string schedule, List<FieldError> errors)
    {
        if (!CronSchedule.IsValid(schedule, out var error))
        {
            errors.Add(FieldError.Invalid("spec.schedule", schedule, error!));
        }

        if (schedule.Contains("TZ", StringComparison.Ordinal))
        {
            errors.Add(FieldError.Invalid("spec.schedule", schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
        }
    }

    /// <summary>spec.timeZone: an IANA zone name the host's tz database knows; never "Local" (kube's validateTimeZone).</summary>
    private static void TimeZone(JsonObject spec, List<FieldError> errors)
    {
        if (spec["timeZone"] is null || spec.Str("timeZone") is not { } zone)
        {
            return;
        }

        if (zone.Length == 0)
        {
            errors.Add(FieldError.Invalid("spec.timeZone", zone, "timeZone must be nil or non-empty string"));
            return;
        }

        if (zone.Split('/').Any(part => part is "." or ".." || part.StartsWith('-') || !s_timeZonePart.IsMatch(part)))
        {
            errors.Add(FieldError.Invalid("spec.timeZone", zone, $"unknown time zone {zone}"));
            return;
        }

        if (zone.Equals("Local", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(FieldError.Invalid("spec.timeZone", zone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
        }

        if (TimeZones.Find(zone, out var error) is null)
        {
            errors.Add(FieldError.Invalid("spec.timeZone", zone, error!));
        }
    }

    /// <summary>The selector is required, non-empty and must match the template's labels.</summary>
    private static void SelectorAndTemplate(JsonObject spec, string path, List<FieldError> errors, IEnumerable<string>? claimVolumes = null)
    {
        var selector = spec["selector"] as JsonObject;
        if (selector is null)
        {
            errors.Add(FieldError.Required($"{path}.selector"));
        }
        else if (selector.Count("matchLabels") + selector.Count("matchExpressions") == 0)
        {
            errors.Add(FieldError.Invalid($"{path}.selector", selector.DeepClone(), "empty selector is invalid for deployment"));
        }
        else
        {
            MetadataValidator.Labels(selector["matchLabels"], $"{path}.selector.matchLabels", errors);
        }

        if (spec["template"] is not JsonObject template)
        {
            errors.Add(FieldError.Required($"{path}.template"));
            return;
        }

        var labels = template.At("metadata", "labels");
        MetadataValidator.Labels(labels, $"{path}.template.metadata.labels", errors);
        if (selector is not null && !TemplateMatches(selector, labels as JsonObject))
        {
            errors.Add(FieldError.Invalid($"{path}.template.metadata.labels", labels?.DeepClone(), "`selector` does not match template `labels`"));
        }

        PodSpecValidator.Validate(template["spec"] as JsonObject, $"{path}.template.spec", errors, claimVolumes);
    }

    /// <summary>Whether the template's labels satisfy the selector; a selector of the wrong shape is reported by the type checks, not here.</summary>
    private static bool TemplateMatches(JsonObject selector, JsonObject? labels)
    {
        try
        {
            var parsed = selector.Deserialize(ModelJsonContext.Default.V1LabelSelector);
            var map = labels?.Where(l => l.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                .ToDictionary(l => l.Key, l => l.Value!.GetValue<string>());
            return LabelSelector.From(parsed).Matches(map);
        }
        catch (JsonException)
        {
            return true;
        }
    }

    private static void RestartPolicy(JsonNode? podSpec, string path, string[] allowed, List<FieldError> errors)
    {
        if (podSpec.Str("restartPolicy") is { } policy && !allowed.Contains(policy))
        {
            errors.Add(FieldError.NotSupported($"{path}.restartPolicy", policy, allowed));
        }
    }

    private static void DeploymentStrategy(JsonObject spec, List<FieldError> errors)
    {
        if (spec["strategy"] is not JsonObject strategy)
        {
            return;
        }

        PodSpecValidator.OneOf(strategy, "type", ["Recreate", "RollingUpdate"], "spec.strategy", errors);
        var rolling = strategy["rollingUpdate"] as JsonObject;
        if (strategy.Str("type") == "Recreate" && rolling is not null)
        {
            errors.Add(FieldError.Forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"));
        }

        if (strategy.Str("type") != "RollingUpdate" || rolling is null)
        {
            return;
        }

        var unavailable = IntOrPercent.Read(rolling, "maxUnavailable", "spec.strategy.rollingUpdate.maxUnavailable", errors);
        var surge = IntOrPercent.Read(rolling, "maxSurge", "spec.strategy.rollingUpdate.maxSurge", errors);
        if (unavailable == 0 && surge == 0)
        {
            errors.Add(FieldError.Invalid("spec.strategy.rollingUpdate.maxUnavailable", rolling["maxUnavailable"]?.DeepClone(), "may not be 0 when `maxSurge` is 0"));
        }

        IntOrPercent.NotMoreThan100Percent(rolling, "maxUnavailable", "spec.strategy.rollingUpdate.maxUnavailable", errors);
    }
}
