using System.Text.Json.Nodes;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using Berth.Testing;
using Berth.Testing.Simulation;
using k8s.Models;

namespace Berth.Acceptance.Orchestration;

/// <summary>
/// Scheduling policy through the real kubectl on simulated nodes: PriorityClasses (the system ones,
/// the Priority admission, one global default), PodDisruptionBudgets kept by the disruption
/// controller, the eviction subresource that honours them and kubectl drain on top of it.
/// </summary>
public abstract class SchedulingPolicyTests(SimulatedClusterServer cluster)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);

    private ResourceClient<V1Pod, V1PodList> Pods => cluster.Client.For(KubeResources.Pods);

    private ResourceClient<V1PodDisruptionBudget, V1PodDisruptionBudgetList> Budgets => cluster.Client.For(KubeResources.PodDisruptionBudgets);

    private async Task<List<V1Pod>> RunningAsync(string ns, string selector, int count) =>
        await Poll.ForAsync(
            async () => (await Pods.ListAsync(ns, new ListOptions { LabelSelector = selector }, CancellationToken.None)).Items.Where(p => p.Metadata.DeletionTimestamp is null).ToList(),
            pods => pods.Count == count && pods.All(p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true),
            Converge, $"{count} ready pods {selector}");

    private Task<V1PodDisruptionBudget> BudgetAsync(string ns, string name, Func<V1PodDisruptionBudgetStatus, bool> done, string what) =>
        Poll.ForAsync(() => Budgets.GetAsync(ns, name, CancellationToken.None), b => b.Status is { } s && s.ObservedGeneration == b.Metadata.Generation && done(s), Converge, what);

    private Task EvictAsync(string ns, string pod) => Pods.PostSubresourceAsync(ns, pod, "eviction",
        new V1Eviction { ApiVersion = "policy/v1", Kind = "Eviction", Metadata = new V1ObjectMeta { Name = pod, NamespaceProperty = ns } },
        ModelJsonContext.Default.V1Eviction, CancellationToken.None);

    private static string Pod(string ns, string name, string spec = "", string? cpu = null) => $$$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: {{{name}}}, namespace: {{{ns}}}, labels: {app: {{{name}}}}}
        spec:
          containers: [{name: c, image: busybox{{{(cpu is null ? "" : $", resources: {{requests: {{cpu: \"{cpu}\"}}}}")}}}}]
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

    [Fact]
    public async Task DisruptionController_StatusFollowsTheDeployment_AndEvictionsSpendItsBudget()
    {
        var ns = await cluster.NamespaceAsync("pdb");
        await cluster.Kubectl.OkAsync("create", "deployment", "web", "--image=busybox", "--replicas=3", "-n", ns);
        await cluster.Kubectl.OkAsync("create", "pdb", "web", "--selector=app=web", "--min-available=2", "-n", ns);
        var pods = await RunningAsync(ns, "app=web", 3);

        var budget = await BudgetAsync(ns, "web", s => s.CurrentHealthy == 3, "3 healthy pods counted");
        Assert.Equal((3, 2, 3, 1), (budget.Status.CurrentHealthy, budget.Status.DesiredHealthy, budget.Status.ExpectedPods, budget.Status.DisruptionsAllowed));
        var condition = Assert.Single(budget.Status.Conditions);
        Assert.Equal(("DisruptionAllowed", "True", "SufficientPods"), (condition.Type, condition.Status, condition.Reason));
        Assert.Matches(@"\nweb\s+2\s+N/A\s+1\s+\S+\n", await cluster.Kubectl.OkAsync("get", "pdb", "-n", ns));

        // The replacement of the evicted pod stays pending until the second eviction was refused.
        var first = pods.Select(p => p.Metadata.Name).ToHashSet();
        var outcomes = cluster.Cluster.Outcomes;
        cluster.Cluster.Outcomes = pod => pod.Metadata.NamespaceProperty == ns && !first.Contains(pod.Metadata.Name) ? new PodOutcome.StayPending() : outcomes(pod);
        try
        {
            await EvictAsync(ns, pods[0].Metadata.Name);
            var refused = await Assert.ThrowsAsync<ApiStatusException>(() => EvictAsync(ns, pods[1].Metadata.Name));
            Assert.Equal(429, refused.Code);
            Assert.Equal("Cannot evict pod as it would violate the pod's disruption budget.", refused.Message);
            Assert.Null((await Pods.GetAsync(ns, pods[1].Metadata.Name, CancellationToken.None)).Metadata.DeletionTimestamp);
            var spent = await BudgetAsync(ns, "web", s => s.CurrentHealthy == 2, "the evicted pod no longer healthy");
            Assert.Equal(0, spent.Status.DisruptionsAllowed);
        }
        finally
        {
            cluster.Cluster.Outcomes = outcomes;
            cluster.Cluster.Resync();
        }

        // Once the Deployment's replacement is ready the budget allows one disruption again.
        await RunningAsync(ns, "app=web", 3);
        await BudgetAsync(ns, "web", s => s.CurrentHealthy == 3 && s.DisruptionsAllowed == 1 && (s.DisruptedPods?.Count ?? 0) == 0, "the budget restored");
        await EvictAsync(ns, pods[1].Metadata.Name);

        await cluster.Kubectl.OkAsync("scale", "deployment", "web", "--replicas=0", "-n", ns);
        var empty = await BudgetAsync(ns, "web", s => s.ExpectedPods == 0, "no pods expected");
        Assert.Equal((0, 0, "InsufficientPods"), (empty.Status.CurrentHealthy, empty.Status.DisruptionsAllowed, empty.Status.Conditions.Single().Reason));
        var noPods = await cluster.Kubectl.OkAsync("get", "events", "-n", ns, "--field-selector", "reason=NoPods", "-o", "jsonpath={.items[*].message}");
        Assert.Contains("No matching pods found", noPods);
    }

    [Fact]
    public async Task DisruptionController_PercentOfUnmanagedPods_FailsSafe()
    {
        var ns = await cluster.NamespaceAsync("pdb");
        await cluster.Kubectl.ApplyAsync(Pod(ns, "lonely"));
        await cluster.Kubectl.OkAsync("create", "pdb", "lonely", "--selector=app=lonely", "--max-unavailable=1", "-n", ns);

        var budget = await BudgetAsync(ns, "lonely", s => s.Conditions?.Count > 0, "a status for the unmanaged pod");

        Assert.Equal((0, 0, 0), (budget.Status.ExpectedPods, budget.Status.DesiredHealthy, budget.Status.DisruptionsAllowed));
        var events = await Poll.ForAsync(
            () => cluster.Kubectl.OkAsync("get", "events", "-n", ns, "--field-selector", "reason=UnmanagedPods", "-o", "jsonpath={.items[*].message}"),
            e => e.Length > 0, Converge, "an UnmanagedPods event");
        Assert.StartsWith("Pods selected by this PodDisruptionBudget (selector: app=lonely) were found to be unmanaged.", events);
    }

    [Fact]
    public async Task Drain_WaitsForTheBudget_ThenEvictsAndTheDeploymentMovesOn()
    {
        var ns = await cluster.NamespaceAsync("drain");
        var app = $"drain-{ns[^8..]}";
        await cluster.Kubectl.OkAsync("create", "deployment", app, "--image=busybox", "--replicas=3", "-n", ns);
        await cluster.Kubectl.OkAsync("create", "pdb", app, $"--selector=app={app}", "--min-available=3", "-n", ns);
        var pods = await RunningAsync(ns, $"app={app}", 3);
        await BudgetAsync(ns, app, s => s.CurrentHealthy == 3, "3 healthy pods counted");
        var node = pods[0].Spec.NodeName;
        try
        {
            var blocked = await cluster.Kubectl.RunAsync("drain", node, $"--pod-selector=app={app}", "--timeout=7s");

            Assert.NotEqual(0, blocked.ExitCode);
            Assert.Contains($"node/{node} cordoned", blocked.Stdout);
            Assert.Contains($"(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.", blocked.Stderr);
            Assert.Matches(@"\bSchedulingDisabled\b", await cluster.Kubectl.OkAsync("get", "node", node));

            await cluster.Kubectl.OkAsync("patch", "pdb", app, "-n", ns, "--type=merge", "-p", "{\"spec\":{\"minAvailable\":2}}");
            await BudgetAsync(ns, app, s => s.DisruptionsAllowed == 1, "one disruption allowed");
            var drained = await cluster.Kubectl.RunAsync("drain", node, $"--pod-selector=app={app}", "--timeout=60s");

            Assert.True(drained.ExitCode == 0, drained.Stderr);
            var onNode = pods.Where(p => p.Spec.NodeName == node).Select(p => p.Metadata.Name).ToList();
            Assert.All(onNode, name => Assert.Contains($"pod/{name} evicted", drained.Stdout));
            Assert.Contains($"node/{node} drained", drained.Stdout);
            var moved = await RunningAsync(ns, $"app={app}", 3);
            Assert.All(moved, p => Assert.NotEqual(node, p.Spec.NodeName));
        }
        finally
        {
            await cluster.Kubectl.OkAsync("uncordon", node);
        }
    }

    private static string Workload(string ns, string name, int replicas, string priorityClass, string cpu) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: {{{name}}}, namespace: {{{ns}}}}
        spec:
          replicas: {{{replicas}}}
          selector: {matchLabels: {app: {{{name}}}}}
          template:
            metadata: {labels: {app: {{{name}}}}}
            spec:
              priorityClassName: {{{priorityClass}}}
              containers:
              - name: c
                image: busybox
                resources: {requests: {cpu: "{{{cpu}}}"}}
        """;

    private static V1PodCondition? Scheduled(V1Pod? pod) => pod?.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");

    [Fact]
    public async Task Preemption_PicksTheNodeWhoseVictimsNoBudgetProtects_AndHonoursNever()
    {
        var ns = await cluster.NamespaceAsync("preempt");
        var (low, high, never) = ($"low-{ns[^8..]}", $"high-{ns[^8..]}", $"never-{ns[^8..]}");
        await cluster.Kubectl.OkAsync("create", "priorityclass", low, "--value=-100");
        await cluster.Kubectl.OkAsync("create", "priorityclass", high, "--value=1000");
        await cluster.Kubectl.OkAsync("create", "priorityclass", never, "--value=1000", "--preemption-policy=Never");
        try
        {
            // Every node (4 cpu) holds one low-priority pod of 3 cpu; two of them are guarded by a budget that allows no disruption.
            await cluster.Kubectl.ApplyAsync(Workload(ns, "guarded", 2, low, "3"));
            await cluster.Kubectl.OkAsync("create", "pdb", "guarded", "--selector=app=guarded", "--min-available=2", "-n", ns);
            var guarded = await RunningAsync(ns, "app=guarded", 2);
            await cluster.Kubectl.ApplyAsync(Workload(ns, "free", 1, low, "3"));
            var free = Assert.Single(await RunningAsync(ns, "app=free", 1));
            await BudgetAsync(ns, "guarded", s => s.CurrentHealthy == 2, "the budget counts both guarded pods");
            Assert.Equal(3, guarded.Select(p => p.Spec.NodeName).Append(free.Spec.NodeName).Distinct().Count());

            await cluster.Kubectl.ApplyAsync(Pod(ns, "urgent", $"priorityClassName: {high}", cpu: "2"));

            var urgent = await Poll.ForAsync(() => Pods.GetAsync(ns, "urgent", CancellationToken.None),
                p => p.Spec.NodeName is not null && p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true, Converge, "the urgent pod running");
            Assert.Equal(free.Spec.NodeName, urgent.Spec.NodeName);
            Assert.Equal(guarded.Select(p => p.Metadata.Name).Order(), (await RunningAsync(ns, "app=guarded", 2)).Select(p => p.Metadata.Name).Order());
            var preempted = await cluster.Kubectl.OkAsync("get", "events", "-n", ns, "--field-selector", $"reason=Preempted,involvedObject.name={free.Metadata.Name}",
                "-o", "jsonpath={.items[*].message}");
            Assert.Equal($"Preempted by pod {urgent.Metadata.Uid} on node {free.Spec.NodeName}", preempted);

            // The victim's replacement has nobody lower to preempt (the low class is below the other tests' pods); a Never pod may not preempt at all.
            var replacement = await Poll.ForAsync(
                async () => (await Pods.ListAsync(ns, new ListOptions { LabelSelector = "app=free" }, CancellationToken.None)).Items.FirstOrDefault(p => p.Metadata.Name != free.Metadata.Name),
                p => Scheduled(p)?.Status == "False", Converge, "the replacement unschedulable");
            Assert.Equal("0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
                Scheduled(replacement)!.Message);
            await cluster.Kubectl.ApplyAsync(Pod(ns, "polite", $"priorityClassName: {never}", cpu: "3"));
            var polite = await Poll.ForAsync(() => Pods.GetAsync(ns, "polite", CancellationToken.None), p => Scheduled(p)?.Status == "False", Converge, "the Never pod unschedulable");
            Assert.Equal((1000, "Never"), (polite.Spec.Priority, polite.Spec.PreemptionPolicy));
            Assert.Equal("0/3 nodes are available: 3 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.", Scheduled(polite)!.Message);
            Assert.Null(polite.Status.NominatedNodeName);
        }
        finally
        {
            await cluster.Kubectl.OkAsync("delete", "namespace", ns, "--wait=false");
            await cluster.Kubectl.OkAsync("delete", "pc", low, high, never);
        }
    }
}
