using System.Text.RegularExpressions;

namespace Berth.Acceptance.Orchestration;

/// <summary>
/// `berth plan` against a server with three simulated nodes: it prints where the scheduler would
/// place a manifest's pods (admitted by a server dry run), why a pod fits nowhere, and creates
/// nothing. The plan reads the cluster only through the API, so one datastore is enough.
/// </summary>
public sealed class PlanTests(SqliteSimulatedCluster cluster) : IClassFixture<SqliteSimulatedCluster>
{
    /// <summary>The lines of the output as their columns (two or more spaces apart).</summary>
    private static List<string[]> Rows(string stdout) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => Regex.Split(line.Trim(), @"\s{2,}"))];

    private Task<ProcessResult> PlanAsync(string manifest, params string[] flags) =>
        BerthBinary.RunAsync(["plan", "-f", "-", "--data-dir", cluster.Server.DataDir, .. flags], manifest);

    [Fact]
    public async Task Deployment_PlacedOnTheNodesThatFitAndNothingIsCreated()
    {
        var ns = await cluster.NamespaceAsync("plan");
        await cluster.Kubectl.OkAsync("taint", "node", "sim-1", "plan=only:NoSchedule");
        try
        {
            var plan = await PlanAsync($$"""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: {{ns}}}
                spec:
                  replicas: 2
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: web
                        image: busybox
                        resources:
                          requests: {cpu: 500m}
                """, "--explain");

            Assert.True(plan.ExitCode == 0, plan.Stderr);
            var table = plan.Stdout.Split("\n\n")[0];
            var rows = Rows(table);
            Assert.Equal(["POD", "NODE", "SCORE", "REASON"], rows[0]);
            var nodes = rows.Skip(1).ToList();
            Assert.Equal(2, nodes.Count);
            Assert.All(nodes, n => Assert.StartsWith("web-", n[0]));
            // The second pod is counted on the first one's node, so least-allocated spreads them.
            Assert.Equal(["sim-2", "sim-3"], nodes.Select(n => n[1]).Order());
            Assert.Contains(["sim-1", "-", "node(s) had untolerated taint {plan: only}"], Rows(plan.Stdout));
            Assert.Contains("NodeResourcesFit", plan.Stdout);

            Assert.Contains("NotFound", (await cluster.Kubectl.RunAsync("get", "deployment", "web", "-n", ns)).Stderr);
            Assert.Equal("", await cluster.Kubectl.OkAsync("get", "pods", "-n", ns, "-o", "name"));
        }
        finally
        {
            await cluster.Kubectl.OkAsync("taint", "node", "sim-1", "plan=only:NoSchedule-");
        }
    }

    [Fact]
    public async Task PodThatFitsNowhere_SaysWhyAsTheSchedulerWouldAndExitsOne()
    {
        var plan = await PlanAsync("""
            apiVersion: v1
            kind: Pod
            metadata: {name: huge}
            spec:
              containers: [{name: c, image: busybox, resources: {requests: {cpu: "64"}}}]
            """);

        Assert.Equal(1, plan.ExitCode);
        Assert.Equal(["huge", "<none>", "0/3 nodes are available: 3 Insufficient cpu."], Rows(plan.Stdout)[1]);
    }

    [Fact]
    public async Task BadManifest_OneLineErrorAndNothingPlanned()
    {
        var unknown = await PlanAsync("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
        var invalid = await PlanAsync("apiVersion: v1\nkind: Pod\nmetadata: {name: Bad_Name}\nspec: {containers: [{name: c, image: busybox}]}\n");

        Assert.Equal((125, "Error: plan: kind ConfigMap is not planned (Pod, Deployment, ReplicaSet, StatefulSet and Job are)"), (unknown.ExitCode, unknown.Stderr.Trim()));
        Assert.NotEqual(0, invalid.ExitCode);
        Assert.StartsWith("Error: plan: ", invalid.Stderr.Trim());
        Assert.Contains("Bad_Name", invalid.Stderr);
        Assert.Single(invalid.Stderr.Trim().Split('\n'));
    }
}
