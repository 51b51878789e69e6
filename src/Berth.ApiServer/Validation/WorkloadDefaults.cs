using System.Text.Json.Nodes;

namespace Berth.ApiServer.Validation;

/// <summary>The defaults of apps/v1, batch/v1 and autoscaling/v2 workloads (their v1 defaults.go).</summary>
internal static class WorkloadDefaults
{
    public static void Apps(string kind, JsonObject spec)
    {
        switch (kind)
        {
            case "Deployment":
                spec.SetDefault("replicas", 1);
                var strategy = spec.Child("strategy");
                strategy.SetDefault("type", "RollingUpdate");
                if (strategy.Str("type") == "RollingUpdate")
                {
                    var rolling = strategy.Child("rollingUpdate");
                    rolling.SetDefault("maxUnavailable", "25%");
                    rolling.SetDefault("maxSurge", "25%");
                }

                spec.SetDefault("revisionHistoryLimit", 10);
                spec.SetDefault("progressDeadlineSeconds", 600);
                break;
            case "ReplicaSet":
                spec.SetDefault("replicas", 1);
                break;
            case "DaemonSet":
                var update = spec.Child("updateStrategy");
                update.SetDefault("type", "RollingUpdate");
                if (update.Str("type") == "RollingUpdate")
                {
                    var rolling = update.Child("rollingUpdate");
                    rolling.SetDefault("maxUnavailable", 1);
                    rolling.SetDefault("maxSurge", 0);
                }

                spec.SetDefault("revisionHistoryLimit", 10);
                break;
            case "StatefulSet":
                spec.SetDefault("replicas", 1);
                spec.SetDefault("podManagementPolicy", "OrderedReady");
                var sts = spec.Child("updateStrategy");
                sts.SetDefault("type", "RollingUpdate");
                if (sts.Str("type") == "RollingUpdate")
                {
                    sts.Child("rollingUpdate").SetDefault("partition", 0);
                }

                var retention = spec.Child("persistentVolumeClaimRetentionPolicy");
                retention.SetDefault("whenDeleted", "Retain");
                retention.SetDefault("whenScaled", "Retain");
                spec.SetDefault("revisionHistoryLimit", 10);
                foreach (var claim in spec.Items("volumeClaimTemplates"))
                {
                    claim.Child("spec").SetDefault("volumeMode", "Filesystem");
                    claim.Child("status").SetDefault("phase", "Pending");
                }

                break;
        }

        PodSpecDefaults.Template(spec["template"] as JsonObject);
    }

    /// <summary>
    /// Job defaults, and on a job with a uid but no manual selector the selector and pod labels
    /// that tie its pods to it (the job registry's PrepareForCreate).
    /// </summary>
    public static void Job(JsonObject job, JsonObject spec)
    {
        if (spec["completions"] is null && spec["parallelism"] is null)
        {
            spec["completions"] = 1;
            spec["parallelism"] = 1;
        }

        spec.SetDefault("parallelism", 1);
        // With a per-index limit the global one is off unless set (kube's SetDefaults_Job).
        spec.SetDefault("backoffLimit", spec["backoffLimitPerIndex"] is null ? 6 : int.MaxValue);
        spec.SetDefault("completionMode", "NonIndexed");
        spec.SetDefault("suspend", false);
        spec.SetDefault("podReplacementPolicy", spec["podFailurePolicy"] is null ? "TerminatingOrFailed" : "Failed");
        PodSpecDefaults.Template(spec["template"] as JsonObject);

        if (spec.Bool("manualSelector") || job.Str("metadata", "uid") is not { } uid || spec["selector"] is not null)
        {
            return;
        }

        var name = job.Str("metadata", "name") ?? "";
        spec["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["batch.kubernetes.io/controller-uid"] = uid } };
        var labels = spec.Child("template").Child("metadata").Child("labels");
        labels["batch.kubernetes.io/controller-uid"] = uid;
        labels["batch.kubernetes.io/job-name"] = name;
        labels["controller-uid"] = uid;
        labels["job-name"] = name;
    }

    public static void CronJob(JsonObject spec)
    {
        spec.SetDefault("concurrencyPolicy", "Allow");
        spec.SetDefault("suspend", false);
        spec.SetDefault("successfulJobsHistoryLimit", 3);
        spec.SetDefault("failedJobsHistoryLimit", 1);
        if (spec.At("jobTemplate", "spec") is JsonObject jobSpec)
        {
            PodSpecDefaults.Template(jobSpec["template"] as JsonObject);
        }
    }

    public static void HorizontalPodAutoscaler(JsonObject spec)
    {
        spec.SetDefault("minReplicas", 1);
        if (spec["metrics"] is null or JsonArray { Count: 0 })
        {
            spec["metrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject
                {
                    ["name"] = "cpu",
                    ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = 80 },
                },
            });
        }
    }
}
