using System.Globalization;
using System.Text.Json.Nodes;

using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tables;

/// <summary>Printers of apps/v1, batch/v1 and autoscaling/v2 workloads (columns of Kubernetes' printers.go).</summary>
internal static class WorkloadPrinters
{
    private static readonly string[] s_podTemplate = ["spec", "template", "spec"];

    public static void Register(IDictionary<(string, string), IResourcePrinter> printers)
    {
        printers[("apps", "deployments")] = new ColumnPrinter(
            [
                PrintedColumn.Name,
                PrintedColumn.Text("Ready", "Number of the pod with ready state.", o => $"{o.Int("status", "readyReplicas") ?? 0}/{o.Int("spec", "replicas") ?? 0}"),
                PrintedColumn.Integer("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec.", o => o.Int("status", "updatedReplicas") ?? 0),
                PrintedColumn.Integer("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.", o => o.Int("status", "availableReplicas") ?? 0),
                PrintedColumn.Age,
                .. TemplateColumns(s_podTemplate, withSelector: true),
            ]);

        printers[("apps", "replicasets")] = new ColumnPrinter(
            [
                PrintedColumn.Name,
                PrintedColumn.Integer("Desired", "Number of desired pods.", o => o.Int("spec", "replicas") ?? 0),
                PrintedColumn.Integer("Current", "Number of actual replicas.", o => o.Int("status", "replicas") ?? 0),
                PrintedColumn.Integer("Ready", "The number of ready replicas for this replica set.", o => o.Int("status", "readyReplicas") ?? 0),
                PrintedColumn.Age,
                .. TemplateColumns(s_podTemplate, withSelector: true),
            ]);

        printers[("apps", "daemonsets")] = new ColumnPrinter(
            [
                PrintedColumn.Name,
                PrintedColumn.Integer("Desired", "The total number of nodes that should be running the daemon pod.", o => o.Int("status", "desiredNumberScheduled") ?? 0),
                PrintedColumn.Integer("Current", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.", o => o.Int("status", "currentNumberScheduled") ?? 0),
                PrintedColumn.Integer("Ready", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.", o => o.Int("status", "numberReady") ?? 0),
                PrintedColumn.Integer("Up-to-date", "The total number of nodes that are running updated daemon pod.", o => o.Int("status", "updatedNumberScheduled") ?? 0),
                PrintedColumn.Integer("Available", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.", o => o.Int("status", "numberAvailable") ?? 0),
                PrintedColumn.Text("Node Selector", "NodeSelector is a selector which must be true for the pod to fit on a node.", o => Selectors.FormatMap(o.At("spec", "template", "spec", "nodeSelector"))),
                PrintedColumn.Age,
                .. TemplateColumns(s_podTemplate, withSelector: true),
            ]);

        printers[("apps", "statefulsets")] = new ColumnPrinter(
            [
                PrintedColumn.Name,
                PrintedColumn.Text("Ready", "Number of the pod with ready state.", o => $"{o.Int("status", "readyReplicas") ?? 0}/{o.Int("spec", "replicas") ?? 0}"),
                PrintedColumn.Age,
                .. TemplateColumns(s_podTemplate, withSelector: false),
            ]);

        printers[("apps", "controllerrevisions")] = new ColumnPrinter(
            PrintedColumn.Name,
            PrintedColumn.Text("Controller", "The controller that owns this revision.", Controller),
            PrintedColumn.Integer("Revision", "The revision number.", o => o.Int("revision") ?? 0),
            PrintedColumn.Age);

        printers[("batch", "jobs")] = new ColumnPrinter(
            [
                PrintedColumn.Name,
                PrintedColumn.Text("Status", "Status of the job.", JobStatus),
                PrintedColumn.Text("Completions", "The completion status of the job.", JobCompletions),
                new PrintedColumn(TableColumn.Text("Duration", "Time required to complete the job."), JobDuration),
                PrintedColumn.Age,
                .. TemplateColumns(s_podTemplate, withSelector: true),
            ]);

        printers[("batch", "cronjobs")] = new ColumnPrinter(
            [
                PrintedColumn.Name,
                PrintedColumn.Text("Schedule", "The schedule in Cron format.", o => o.Str("spec", "schedule") ?? ""),
                PrintedColumn.Text("Timezone", "The time zone of the schedule.", o => o.Str("spec", "timeZone") ?? Selectors.None),
                PrintedColumn.Text("Suspend", "Whether subsequent executions are suspended.", o => o.Bool("spec", "suspend") ? "True" : "False"),
                PrintedColumn.Integer("Active", "The number of currently running jobs.", o => o.Count("status", "active")),
                new PrintedColumn(
                    TableColumn.Text("Last Schedule", "The last time the job was scheduled."),
                    (o, now) => o.Str("status", "lastScheduleTime") is { } t ? HumanDuration.Since(t, now) : Selectors.None),
                PrintedColumn.Age,
                .. TemplateColumns(["spec", "jobTemplate", "spec", "template", "spec"], withSelector: false),
                PrintedColumn.Text("Selector", "A label query over pods that should match the pod count.", o => Selectors.FormatLabelSelector(o.At("spec", "jobTemplate", "spec", "selector")), priority: 1),
            ]);

        printers[("autoscaling", "horizontalpodautoscalers")] = new ColumnPrinter(
            PrintedColumn.Name,
            PrintedColumn.Text("Reference", "The reference to the autoscaled resource.", o => $"{o.Str("spec", "scaleTargetRef", "kind")}/{o.Str("spec", "scaleTargetRef", "name")}"),
            PrintedColumn.Text("Targets", "The current and target values of the metrics.", HpaTargets),
            PrintedColumn.Text("MinPods", "The lower limit for the number of pods.", o => o.Int("spec", "minReplicas")?.ToString(CultureInfo.InvariantCulture) ?? "<unset>"),
            PrintedColumn.Integer("MaxPods", "The upper limit for the number of pods.", o => o.Int("spec", "maxReplicas") ?? 0),
            PrintedColumn.Integer("Replicas", "Current number of replicas of pods managed by this autoscaler.", o => o.Int("status", "currentReplicas") ?? 0),
            PrintedColumn.Age);
    }

    /// <summary>The wide CONTAINERS and IMAGES columns of a pod template, and SELECTOR when the workload has one.</summary>
    private static PrintedColumn[] TemplateColumns(string[] templateSpec, bool withSelector)
    {
        var containers = PrintedColumn.Text("Containers", "Names of each container in the template.", o => string.Join(",", o.At(templateSpec).Objects("containers").Select(c => c.Str("name"))), priority: 1);
        var images = PrintedColumn.Text("Images", "Images referenced by each container in the template.", o => string.Join(",", o.At(templateSpec).Objects("containers").Select(c => c.Str("image"))), priority: 1);
        var selector = PrintedColumn.Text("Selector", "Label selector for pods.", o => Selectors.FormatLabelSelector(o.At("spec", "selector")), priority: 1);
        return withSelector ? [containers, images, selector] : [containers, images];
    }

    private static string Controller(JsonObject obj) =>
        obj.Objects("metadata", "ownerReferences").FirstOrDefault(r => r.Bool("controller")) is { } owner
            ? $"{owner.Str("kind")?.ToLowerInvariant()}.{owner.Str("apiVersion")?.Split('/')[0]}/{owner.Str("name")}"
            : Selectors.None;

    private static string JobStatus(JsonObject job)
    {
        bool Has(string type) => job.Objects("status", "conditions").Any(c => c.Str("type") == type && c.Str("status") == "True");
        if (Has("Complete"))
        {
            return "Complete";
        }

        if (Has("Failed"))
        {
            return "Failed";
        }

        if (job.Str("metadata", "deletionTimestamp") is not null)
        {
            return "Terminating";
        }

        if (Has("FailureTarget"))
        {
            return "FailureTarget";
        }

        if (Has("SuccessCriteriaMet"))
        {
            return "SuccessCriteriaMet";
        }

        return Has("Suspended") ? "Suspended" : "Running";
    }

    private static string JobCompletions(JsonObject job)
    {
        var succeeded = job.Int("status", "succeeded") ?? 0;
        if (job.Str("spec", "completionMode") == "Indexed" || job.Int("spec", "completions") is not { } completions)
        {
            var parallelism = job.Int("spec", "parallelism") ?? 1;
            return job.Int("spec", "completions") is { } c ? $"{succeeded}/{c}" : parallelism > 1 ? $"{succeeded}/1 of {parallelism}" : $"{succeeded}/1";
        }

        return $"{succeeded}/{completions}";
    }

    private static JsonNode JobDuration(JsonObject job, DateTimeOffset now)
    {
        if (!DateTimeOffset.TryParse(job.Str("status", "startTime"), CultureInfo.InvariantCulture, out var start))
        {
            return "";
        }

        var end = DateTimeOffset.TryParse(job.Str("status", "completionTime"), CultureInfo.InvariantCulture, out var done) ? done : now;
        return HumanDuration.Format(end - start);
    }

    private static string HpaTargets(JsonObject hpa)
    {
        var targets = new List<string>();
        foreach (var metric in hpa.Objects("spec", "metrics"))
        {
            if (metric.Str("type") != "Resource")
            {
                targets.Add("<unknown>");
                continue;
            }

            var name = metric.Str("resource", "name");
            var current = hpa.Objects("status", "currentMetrics").FirstOrDefault(m => m.Str("resource", "name") == name);
            var target = metric.At("resource", "target");
            targets.Add(target.Int("averageUtilization") is { } utilization
                ? $"{name}: {(current.Int("resource", "current", "averageUtilization") is { } u ? $"{u}%" : "<unknown>")}/{utilization}%"
                : $"{name}: {current.Text("resource", "current", "averageValue") ?? "<unknown>"}/{target.Text("averageValue") ?? target.Text("value")}");
        }

        return targets.Count == 0 ? Selectors.None : string.Join(", ", targets);
    }
}
