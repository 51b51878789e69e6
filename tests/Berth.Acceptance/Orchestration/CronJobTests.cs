using System.Text.Json.Nodes;
using Berth.Client.Rest;
using Berth.Testing;
using k8s.Models;

namespace Berth.Acceptance.Orchestration;

/// <summary>
/// The CronJob controller through the real kubectl, on simulated nodes: an every-minute schedule
/// starts a Job named after its start time that runs to completion, and a Job made by hand with
/// `kubectl create job --from=cronjob/…` runs as the schedule's would.
/// </summary>
public abstract class CronJobTests(SimulatedClusterServer cluster)
{
    /// <summary>An every-minute schedule fires within a minute of its creation, plus the controller's reaction.</summary>
    private static readonly TimeSpan NextMinute = TimeSpan.FromSeconds(90);

    private static string CronJob(string ns, string schedule, bool suspend) => $$"""
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: tick, namespace: {{ns}}}
        spec:
          schedule: "{{schedule}}"
          suspend: {{(suspend ? "true" : "false")}}
          jobTemplate:
            metadata:
              labels: {app: tick}
            spec:
              template:
                metadata:
                  labels: {sim.berth.dev/outcome: succeed}
                spec:
                  nodeName: sim-2
                  restartPolicy: Never
                  containers: [{name: tick, image: busybox}]
        """;

    private async Task<IList<V1Job>> JobsAsync(string ns) =>
        (await cluster.Client.For(KubeResources.Jobs).ListAsync(ns, null, CancellationToken.None)).Items;

    private async Task<JsonObject> CronJobJsonAsync(string ns) =>
        JsonNode.Parse(await cluster.Kubectl.OkAsync("get", "cronjob", "tick", "-n", ns, "-o", "json"))!.AsObject();

    private async Task<string[]> EventsAsync(string ns, string reason) =>
        (await cluster.Kubectl.OkAsync("get", "events", "-n", ns, "--field-selector", $"involvedObject.kind=CronJob,reason={reason}", "-o", "jsonpath={range .items[*]}{.message}{\"\\n\"}{end}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task EveryMinute_StartsAJobNamedAfterItsStartTimeThatCompletes()
    {
        var ns = await cluster.NamespaceAsync("cron");
        await cluster.Kubectl.ApplyAsync(CronJob(ns, "*/1 * * * *", suspend: false));
        var uid = (await CronJobJsonAsync(ns))["metadata"]!["uid"]!.GetValue<string>();

        var job = (await Poll.ForAsync(() => JobsAsync(ns), jobs => jobs.Count > 0, NextMinute, "a job started by the schedule"))[0];

        var scheduled = DateTimeOffset.Parse(job.Metadata.Annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, scheduled.Second);
        Assert.Equal($"tick-{scheduled.ToUnixTimeSeconds() / 60}", job.Metadata.Name);
        Assert.Equal("tick", job.Metadata.Labels["app"]);
        var owner = Assert.Single(job.Metadata.OwnerReferences);
        Assert.Equal(("CronJob", uid, true), (owner.Kind, owner.Uid, owner.Controller));
        var wait = await cluster.Kubectl.RunAsync("wait", "--for=condition=complete", $"job/{job.Metadata.Name}", "-n", ns, "--timeout=50s");
        Assert.True(wait.ExitCode == 0, wait.Stderr);
        var status = (await Poll.ForAsync(() => CronJobJsonAsync(ns), cj => cj["status"]?["lastSuccessfulTime"] is not null, NextMinute, "lastSuccessfulTime"))["status"]!;
        Assert.Equal(scheduled.UtcDateTime, status["lastScheduleTime"]!.GetValue<DateTime>().ToUniversalTime());
        Assert.Contains($"Created job {job.Metadata.Name}", await EventsAsync(ns, "SuccessfulCreate"));
        Assert.Contains($"Saw completed job: {job.Metadata.Name}, status: Complete", await EventsAsync(ns, "SawCompletedJob"));
    }

    [Fact]
    public async Task CreateJobFromCronJob_RunsTheTemplateOwnedByTheCronJob()
    {
        var ns = await cluster.NamespaceAsync("cron");
        await cluster.Kubectl.ApplyAsync(CronJob(ns, "0 3 * * *", suspend: true));

        await cluster.Kubectl.OkAsync("create", "job", "by-hand", "--from=cronjob/tick", "-n", ns);

        var wait = await cluster.Kubectl.RunAsync("wait", "--for=condition=complete", "job/by-hand", "-n", ns, "--timeout=50s");
        Assert.True(wait.ExitCode == 0, wait.Stderr);
        var job = Assert.Single(await JobsAsync(ns));
        Assert.Equal("manual", job.Metadata.Annotations["cronjob.kubernetes.io/instantiate"]);
        Assert.Equal("tick", Assert.Single(job.Metadata.OwnerReferences).Name);
        Assert.Equal(1, job.Status.Succeeded);
        var table = await cluster.Kubectl.OkAsync("get", "cronjob", "tick", "-n", ns);
        Assert.Contains("0 3 * * *", table);
        Assert.Contains("True", table);
    }
}
