using System.Text.Json.Nodes;
using Berth.Client.Rest;
using Berth.Testing;
using Berth.Testing.Simulation;
using k8s.Models;

namespace Berth.Acceptance.Orchestration;

/// <summary>
/// The Job controller through the real kubectl, on simulated nodes whose kubelet ends pods as the
/// template's labels say: completion and `kubectl wait`, retries to backoffLimit with the failure
/// back-off, an Indexed Job, and a podFailurePolicy rule.
/// </summary>
public abstract class JobTests
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);
    private const string ExitCodeLabel = "sim.berth.dev/exit-code";
    private const string FailIndexLabel = "sim.berth.dev/fail-index";

    private readonly SimulatedClusterServer _cluster;

    protected JobTests(SimulatedClusterServer cluster)
    {
        _cluster = cluster;
        // A pod labelled with an exit code fails with it, so does the index a label names; the rest follow the outcome label.
        cluster.Cluster.Outcomes = pod =>
        {
            var labels = pod.Metadata.Labels ?? new Dictionary<string, string>();
            if (labels.TryGetValue(ExitCodeLabel, out var code))
            {
                return new PodOutcome.Fail(int.Parse(code, System.Globalization.CultureInfo.InvariantCulture));
            }
            return labels.TryGetValue(FailIndexLabel, out var index)
                && pod.Metadata.Annotations?.TryGetValue("batch.kubernetes.io/job-completion-index", out var podIndex) == true && podIndex == index
                ? new PodOutcome.Fail()
                : SimulatedCluster.ByLabel(pod);
        };
    }

    private static string Job(string ns, string spec, string labels) => $$"""
        apiVersion: batch/v1
        kind: Job
        metadata: {name: work, namespace: {{ns}}}
        spec:
        {{spec}}
          template:
            metadata:
              labels: {{{labels}}}
            spec:
              nodeName: sim-1
              restartPolicy: Never
              containers: [{name: work, image: busybox}]
        """;

    private async Task<JsonObject> JobJsonAsync(string ns) =>
        JsonNode.Parse(await _cluster.Kubectl.OkAsync("get", "job", "work", "-n", ns, "-o", "json"))!.AsObject();

    private async Task<IList<V1Pod>> PodsAsync(string ns) =>
        (await _cluster.Client.For(KubeResources.Pods).ListAsync(ns, new ListOptions { LabelSelector = "job-name=work" }, CancellationToken.None)).Items;

    private async Task WaitAsync(string ns, string condition)
    {
        var result = await _cluster.Kubectl.RunAsync("wait", $"--for=condition={condition}", "job/work", "-n", ns, "--timeout=50s");
        Assert.True(result.ExitCode == 0, $"kubectl wait --for=condition={condition} exited {result.ExitCode}: {result.Stderr} {await DescribeAsync(ns)}");
    }

    private Task<string> DescribeAsync(string ns) => _cluster.Kubectl.OkAsync("get", "job,pods", "-n", ns, "-o", "yaml");

    private async Task<string[]> EventsAsync(string ns, string reason) =>
        (await _cluster.Kubectl.OkAsync("get", "events", "-n", ns, "--field-selector", $"involvedObject.kind=Job,reason={reason}", "-o", "jsonpath={range .items[*]}{.type} {.message}{\"\\n\"}{end}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static List<(string Type, string? Reason)> Conditions(JsonObject job) =>
        job["status"]!["conditions"]!.AsArray().Select(c => ((string)c!["type"]!, (string?)c["reason"])).ToList();

    [Fact]
    public async Task Apply_PodsSucceed_JobCompletesAndKubectlWaitReturns()
    {
        var ns = await _cluster.NamespaceAsync("job");

        await _cluster.Kubectl.ApplyAsync(Job(ns, "  completions: 3\n  parallelism: 2", "sim.berth.dev/outcome: succeed"));

        await WaitAsync(ns, "complete");
        var job = await JobJsonAsync(ns);
        var status = job["status"]!;
        Assert.Equal(3, (int)status["succeeded"]!);
        Assert.Null(status["failed"]);
        Assert.Null(status["active"]);
        Assert.Equal(0, (int)status["ready"]!);
        Assert.Equal("{}", status["uncountedTerminatedPods"]!.ToJsonString());
        Assert.NotNull(status["startTime"]);
        Assert.NotNull(status["completionTime"]);
        Assert.Equal([("SuccessCriteriaMet", "CompletionsReached"), ("Complete", "CompletionsReached")], Conditions(job.AsObject()));
        var uid = (string)job["metadata"]!["uid"]!;
        var pods = await PodsAsync(ns);
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.Equal("Succeeded", p.Status.Phase);
            Assert.Equal(uid, p.Metadata.Labels["batch.kubernetes.io/controller-uid"]);
            Assert.Equal("work", p.Metadata.Labels["batch.kubernetes.io/job-name"]);
            var owner = Assert.Single(p.Metadata.OwnerReferences);
            Assert.Equal((uid, "Job", true), (owner.Uid, owner.Kind, owner.Controller));
        });
        // Every pod was counted, so none keeps the tracking finalizer.
        await Poll.UntilAsync(async () => (await PodsAsync(ns)).All(p => p.Metadata.Finalizers is null or { Count: 0 }), Converge, () => "tracking finalizers removed");
        Assert.Equal(3, (await EventsAsync(ns, "SuccessfulCreate")).Length);
        Assert.Equal(["Normal Job completed"], await EventsAsync(ns, "Completed"));
        var table = await _cluster.Kubectl.OkAsync("get", "job", "work", "-n", ns);
        Assert.Contains("3/3", table);
    }

    [Fact]
    public async Task PodsAlwaysFail_RetriesAfterBackoffToTheLimitAndFails()
    {
        var ns = await _cluster.NamespaceAsync("job");

        await _cluster.Kubectl.ApplyAsync(Job(ns, "  backoffLimit: 1", "sim.berth.dev/outcome: fail"));

        await WaitAsync(ns, "failed");
        var job = await JobJsonAsync(ns);
        Assert.Equal(2, (int)job["status"]!["failed"]!);
        Assert.Equal([("FailureTarget", "BackoffLimitExceeded"), ("Failed", "BackoffLimitExceeded")], Conditions(job));
        Assert.Equal("Job has reached the specified backoff limit", (string)job["status"]!["conditions"]![1]!["message"]!);
        Assert.Null(job["status"]!["completionTime"]);
        var pods = (await PodsAsync(ns)).OrderBy(p => p.Metadata.CreationTimestamp).ToList();
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.Equal("Failed", p.Status.Phase));
        // The replacement waited for the 10 s back-off after the first failure (times are whole seconds).
        var finished = pods[0].Status.ContainerStatuses[0].State.Terminated.FinishedAt!.Value;
        Assert.True(pods[1].Metadata.CreationTimestamp!.Value >= finished.AddSeconds(9),
            $"second pod created at {pods[1].Metadata.CreationTimestamp:O}, first failed at {finished:O}");
        Assert.Equal(["Warning Job has reached the specified backoff limit"], await EventsAsync(ns, "BackoffLimitExceeded"));
    }

    [Fact]
    public async Task Indexed_CompletesEachIndexOnce()
    {
        var ns = await _cluster.NamespaceAsync("job");

        await _cluster.Kubectl.ApplyAsync(Job(ns, "  completions: 3\n  parallelism: 3\n  completionMode: Indexed", "sim.berth.dev/outcome: succeed"));

        await WaitAsync(ns, "complete");
        var job = await JobJsonAsync(ns);
        Assert.Equal("0-2", (string)job["status"]!["completedIndexes"]!);
        Assert.Equal(3, (int)job["status"]!["succeeded"]!);
        var pods = (await PodsAsync(ns)).OrderBy(p => p.Metadata.Annotations["batch.kubernetes.io/job-completion-index"]).ToList();
        Assert.Equal(["0", "1", "2"], pods.Select(p => p.Metadata.Annotations["batch.kubernetes.io/job-completion-index"]));
        Assert.Equal(["0", "1", "2"], pods.Select(p => p.Metadata.Labels["batch.kubernetes.io/job-completion-index"]));
        Assert.Equal(["work-0", "work-1", "work-2"], pods.Select(p => p.Spec.Hostname));
        Assert.All(pods, p => Assert.StartsWith($"{p.Spec.Hostname}-", p.Metadata.Name));
        var env = Assert.Single(pods[0].Spec.Containers[0].Env, e => e.Name == "JOB_COMPLETION_INDEX");
        Assert.Equal("metadata.labels['batch.kubernetes.io/job-completion-index']", env.ValueFrom.FieldRef.FieldPath);
    }

    [Fact]
    public async Task Suspended_CreatesNoPodsUntilResumed()
    {
        var ns = await _cluster.NamespaceAsync("job");

        await _cluster.Kubectl.ApplyAsync(Job(ns, "  suspend: true", "sim.berth.dev/outcome: succeed"));

        await WaitAsync(ns, "suspended");
        Assert.Empty(await PodsAsync(ns));
        var suspended = await JobJsonAsync(ns);
        Assert.Equal([("Suspended", "JobSuspended")], Conditions(suspended));
        Assert.Null(suspended["status"]!["startTime"]);

        await _cluster.Kubectl.OkAsync("patch", "job", "work", "-n", ns, "--type=merge", "-p", "{\"spec\":{\"suspend\":false}}");

        await WaitAsync(ns, "complete");
        var resumed = await JobJsonAsync(ns);
        Assert.Contains(("Suspended", "JobResumed"), Conditions(resumed));
        Assert.Equal(["Normal Job suspended"], await EventsAsync(ns, "Suspended"));
        Assert.Equal(["Normal Job resumed"], await EventsAsync(ns, "Resumed"));
    }

    [Fact]
    public async Task TtlSecondsAfterFinished_TheFinishedJobAndItsPodsAreDeleted()
    {
        var ns = await _cluster.NamespaceAsync("job");

        await _cluster.Kubectl.ApplyAsync(Job(ns, "  ttlSecondsAfterFinished: 0", "sim.berth.dev/outcome: succeed"));

        await Poll.UntilAsync(async () => (await _cluster.Kubectl.RunAsync("get", "job", "work", "-n", ns)).ExitCode != 0 && (await PodsAsync(ns)).Count == 0,
            Converge, () => "the finished job and its pod deleted");
        Assert.Single(await EventsAsync(ns, "Completed"));
    }

    [Fact]
    public async Task BackoffLimitPerIndex_TheFailingIndexFailsAloneAfterItsRetry()
    {
        var ns = await _cluster.NamespaceAsync("job");

        await _cluster.Kubectl.ApplyAsync(Job(ns, "  completions: 3\n  parallelism: 3\n  completionMode: Indexed\n  backoffLimitPerIndex: 1",
            $"sim.berth.dev/outcome: succeed, {FailIndexLabel}: \"1\""));

        await WaitAsync(ns, "failed");
        var job = await JobJsonAsync(ns);
        var status = job["status"]!;
        Assert.Equal(("0,2", "1", 2, 2), ((string)status["completedIndexes"]!, (string)status["failedIndexes"]!, (int)status["succeeded"]!, (int)status["failed"]!));
        Assert.Equal([("FailureTarget", "FailedIndexes"), ("Failed", "FailedIndexes")], Conditions(job));
        var index1 = (await PodsAsync(ns)).Where(p => p.Metadata.Annotations["batch.kubernetes.io/job-completion-index"] == "1")
            .OrderBy(p => p.Metadata.CreationTimestamp).ToList();
        Assert.Equal(["0", "1"], index1.Select(p => p.Metadata.Annotations["batch.kubernetes.io/job-index-failure-count"]));
        var firstFailed = index1[0].Status.ContainerStatuses[0].State.Terminated.FinishedAt!.Value;
        Assert.True(index1[1].Metadata.CreationTimestamp!.Value >= firstFailed.AddSeconds(9),
            $"the index's replacement was created at {index1[1].Metadata.CreationTimestamp:O}, its first pod failed at {firstFailed:O}");
    }

    [Fact]
    public async Task PodFailurePolicy_FailJobRuleOnExitCode_FailsAtOnce()
    {
        var ns = await _cluster.NamespaceAsync("job");

        await _cluster.Kubectl.ApplyAsync(Job(ns, """
              backoffLimit: 6
              podFailurePolicy:
                rules:
                - action: FailJob
                  onExitCodes: {operator: In, values: [42]}
            """, $"{ExitCodeLabel}: \"42\""));

        await WaitAsync(ns, "failed");
        var job = await JobJsonAsync(ns);
        Assert.Equal([("FailureTarget", "PodFailurePolicy"), ("Failed", "PodFailurePolicy")], Conditions(job));
        var pod = Assert.Single(await PodsAsync(ns));
        Assert.Equal($"Container work for pod {ns}/{pod.Metadata.Name} failed with exit code 42 matching FailJob rule at index 0",
            (string)job["status"]!["conditions"]![1]!["message"]!);
    }
}
