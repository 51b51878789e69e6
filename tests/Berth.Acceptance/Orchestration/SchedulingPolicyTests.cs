using System.Text.Json.Nodes;
using Berth.Client.Rest;
using k8s.Models;

namespace Berth.Acceptance.Orchestration;

/// <summary>
/// Scheduling policy through the real kubectl on simulated nodes: PriorityClasses (the system ones,
/// the Priority admission, one global default), PodDisruptionBudgets.
/// </summary>
public abstract class SchedulingPolicyTests(SimulatedClusterServer cluster)
{
    private ResourceClient<V1Pod, V1PodList> Pods => cluster.Client.For(KubeResources.Pods);

    private static string Pod(string ns, string name, string spec = "") => $$$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: {{{name}}}, namespace: {{{ns}}}, labels: {app: {{{name}}}}}
        spec:
          containers: [{name: c, image: busybox}]
          {{{spec}}}
        """;

    [Fact]
    public async Task PriorityClasses_SystemOnesServedAndPodsResolveTheirClass()
    {
        var ns = await cluster.NamespaceAsync("prio");
        var high = $"high-{ns[^8..]}";
        await cluster.Kubectl.OkAsync("create", "priorityclass", high, "--value=1000", "--description=important");
        try
        {
            var table = await cluster.Kubectl.OkAsync("get", "pc");
            Assert.Matches(@"^NAME\s+VALUE\s+GLOBAL-DEFAULT\s+AGE\s+PREEMPTIONPOLICY\n", table);
            Assert.Matches(@"\nsystem-cluster-critical\s+2000000000\s+false\s+\S+\s+PreemptLowerPriority\n", table);
            Assert.Matches(@"\nsystem-node-critical\s+2000001000\s+false\s+\S+\s+PreemptLowerPriority\n", table);
            Assert.Matches($@"\n{high}\s+1000\s+false\s+\S+\s+PreemptLowerPriority\n", table);

            await cluster.Kubectl.ApplyAsync(Pod(ns, "urgent", $"priorityClassName: {high}") + "\n---\n" + Pod(ns, "plain"));
            var urgent = await Pods.GetAsync(ns, "urgent", CancellationToken.None);
            var plain = await Pods.GetAsync(ns, "plain", CancellationToken.None);
            Assert.Equal((1000, "PreemptLowerPriority"), (urgent.Spec.Priority, urgent.Spec.PreemptionPolicy));
            Assert.Equal((0, "PreemptLowerPriority"), (plain.Spec.Priority, plain.Spec.PreemptionPolicy));

            var unknown = await cluster.Kubectl.RunWithStdinAsync(Pod(ns, "lost", "priorityClassName: nope"), "create", "-f", "-");
            Assert.NotEqual(0, unknown.ExitCode);
            Assert.Contains("Error from server (Forbidden): error when creating \"STDIN\": pods \"lost\" is forbidden: no PriorityClass with name nope was found", unknown.Stderr);
            var stated = await cluster.Kubectl.RunWithStdinAsync(Pod(ns, "stated", $"priorityClassName: {high}\n  priority: 7"), "create", "-f", "-");
            Assert.Contains("pods \"stated\" is forbidden: the integer value of priority (7) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name", stated.Stderr);

            var system = await cluster.Kubectl.RunAsync("delete", "pc", "system-node-critical");
            Assert.NotEqual(0, system.ExitCode);
            Assert.Contains("system-node-critical.scheduling.k8s.io is forbidden: this is a system priority class and cannot be deleted", system.Stderr);
            var reserved = await cluster.Kubectl.RunAsync("create", "priorityclass", "system-mine", "--value=5");
            Assert.Contains("is invalid: metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class", reserved.Stderr);
        }
        finally
        {
            await cluster.Kubectl.OkAsync("delete", "pc", high);
        }
    }

    [Fact]
    public async Task PriorityClasses_GlobalDefaultAppliesToPodsWithoutAClassAndIsUnique()
    {
        var ns = await cluster.NamespaceAsync("prio");
        var batch = $"batch-{ns[^8..]}";
        await cluster.Kubectl.OkAsync("create", "priorityclass", batch, "--value=5", "--global-default", "--preemption-policy=Never");
        try
        {
            Assert.Matches($@"\n{batch}\s+5\s+true\s+\S+\s+Never\n", await cluster.Kubectl.OkAsync("get", "priorityclasses"));
            var second = await cluster.Kubectl.RunAsync("create", "priorityclass", $"other-{ns[^8..]}", "--value=6", "--global-default");
            Assert.NotEqual(0, second.ExitCode);
            Assert.Contains($"is forbidden: PriorityClass {batch} is already marked as default. Only one default can exist", second.Stderr);

            await cluster.Kubectl.ApplyAsync(Pod(ns, "defaulted"));
            var pod = await Pods.GetAsync(ns, "defaulted", CancellationToken.None);
            Assert.Equal((batch, 5, "Never"), (pod.Spec.PriorityClassName, pod.Spec.Priority, pod.Spec.PreemptionPolicy));
        }
        finally
        {
            await cluster.Kubectl.OkAsync("delete", "pc", batch);
        }
    }

    [Fact]
    public async Task PodDisruptionBudgets_CreatedAndListedAsKubectlPrintsThem()
    {
        var ns = await cluster.NamespaceAsync("pdb");

        await cluster.Kubectl.OkAsync("create", "pdb", "web", "--selector=app=web", "--min-available=50%", "-n", ns);
        await cluster.Kubectl.OkAsync("create", "pdb", "db", "--selector=app=db", "--max-unavailable=1", "-n", ns);

        var table = await cluster.Kubectl.OkAsync("get", "pdb", "-n", ns);
        Assert.Matches(@"^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE\n", table);
        Assert.Matches(@"\ndb\s+N/A\s+1\s+\d+\s+\S+\n", table);
        Assert.Matches(@"\nweb\s+50%\s+N/A\s+\d+\s+\S+\n", table);
        var web = JsonNode.Parse(await cluster.Kubectl.OkAsync("get", "pdb", "web", "-n", ns, "-o", "json"))!;
        Assert.Equal("50%", web["spec"]!["minAvailable"]!.GetValue<string>());
        Assert.Equal("web", web["spec"]!["selector"]!["matchLabels"]!["app"]!.GetValue<string>());

        var invalid = await cluster.Kubectl.RunWithStdinAsync($$$"""
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: both, namespace: {{{ns}}}}
            spec:
              minAvailable: 1
              maxUnavailable: 1
              selector: {matchLabels: {app: web}}
            """, "create", "-f", "-");
        Assert.NotEqual(0, invalid.ExitCode);
        Assert.Contains("The PodDisruptionBudget \"both\" is invalid: spec: Invalid value: ", invalid.Stderr);
        Assert.Contains("minAvailable and maxUnavailable cannot be both set", invalid.Stderr);
    }
}
