using System.Text.Json.Nodes;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// Persistent volumes on the real engine through the built-in local-path storage: the default
/// StorageClass, WaitForFirstConsumer until a pod is scheduled, a volume provisioned under the
/// node's DATA/storage that outlives its pods (written by one, read back read-only by the next),
/// and removed with its claim; a StatefulSet's volumeClaimTemplates bound and mounted; a claim a pod uses and its
/// bound volume kept (kubernetes.io/pvc-protection and pv-protection) until the pod is gone.
/// </summary>
public sealed class PersistentVolumeTests(StorageCluster cluster) : IClassFixture<StorageCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private Api.Kubectl Kubectl => cluster.Kubectl;

    private string StorageDirectory => Path.Combine(cluster.Server.DataDir, "storage");

    [Fact]
    public async Task AClaimOfTheDefaultClass_IsProvisionedForItsFirstPod_KeepsTheDataAcrossPods_AndGoesWithTheClaim()
    {
        var classes = await Kubectl.OkAsync("get", "storageclass");
        Assert.Matches(@"local-path \(default\)\s+rancher.io/local-path\s+Delete\s+WaitForFirstConsumer\s+false", classes);

        await Kubectl.ApplyAsync("""
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data}
            spec:
              accessModes: [ReadWriteOnce]
              resources: {requests: {storage: 64Mi}}
            """);
        var pending = await ClaimAsync("data");
        Assert.Equal("local-path", pending["spec"]!["storageClassName"]!.GetValue<string>());
        await WaitForClaimEventAsync("data", "WaitForFirstConsumer", "waiting for first consumer to be created before binding");
        Assert.Equal("Pending", (await ClaimAsync("data"))["status"]!["phase"]!.GetValue<string>());

        await ApplyClaimPodAsync("writer", "echo kept > /data/greeting", readOnly: false);
        var writer = await cluster.WaitForPhaseAsync("writer", "Succeeded", "Failed");
        Assert.Equal("Succeeded", writer["status"]!["phase"]!.GetValue<string>());

        var claim = await ClaimAsync("data");
        var uid = claim["metadata"]!["uid"]!.GetValue<string>();
        Assert.Equal(("Bound", $"pvc-{uid}"), (claim["status"]!["phase"]!.GetValue<string>(), claim["spec"]!["volumeName"]!.GetValue<string>()));
        Assert.Equal(cluster.NodeName, claim["metadata"]!["annotations"]!["volume.kubernetes.io/selected-node"]!.GetValue<string>());
        Assert.Equal("yes", claim["metadata"]!["annotations"]!["pv.kubernetes.io/bind-completed"]!.GetValue<string>());
        await WaitForClaimEventAsync("data", "ProvisioningSucceeded", $"Successfully provisioned volume pvc-{uid}");
        var volume = JsonNode.Parse(await Kubectl.OkAsync("get", "pv", $"pvc-{uid}", "-o", "json"))!;
        var directory = Path.Combine(StorageDirectory, $"pvc-{uid}_default_data");
        Assert.Equal(directory, volume["spec"]!["hostPath"]!["path"]!.GetValue<string>());
        Assert.Equal(("Bound", "Delete"), (volume["status"]!["phase"]!.GetValue<string>(), volume["spec"]!["persistentVolumeReclaimPolicy"]!.GetValue<string>()));
        Assert.Equal(cluster.NodeName, volume["spec"]!["nodeAffinity"]!["required"]!["nodeSelectorTerms"]![0]!["matchExpressions"]![0]!["values"]![0]!.GetValue<string>());
        Assert.Equal("kept", File.ReadAllText(Path.Combine(directory, "greeting")).Trim());
        await Kubectl.OkAsync("delete", "pod", "writer", "--timeout=60s");

        await ApplyClaimPodAsync("reader", "cat /data/greeting; touch /data/other 2>/dev/null && exit 9; exit 0", readOnly: true);
        var reader = await cluster.WaitForPhaseAsync("reader", "Succeeded", "Failed");
        Assert.Equal("Succeeded", reader["status"]!["phase"]!.GetValue<string>());
        Assert.Equal("kept", (await Kubectl.OkAsync("logs", "reader")).Trim());
        await Kubectl.OkAsync("delete", "pod", "reader", "--timeout=60s");

        await Kubectl.OkAsync("delete", "pvc", "data", "--timeout=60s");
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "pv", $"pvc-{uid}")).ExitCode != 0, Patience, () => "the released volume deleted");
        Assert.False(Directory.Exists(directory), "the volume's directory is removed with it");
    }

    [Fact]
    public async Task AStatefulSetsClaimTemplates_AreBoundAndMountedPerReplica()
    {
        await Kubectl.ApplyAsync($$$"""
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db}
            spec:
              serviceName: db
              replicas: 2
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: db
                    image: {{{cluster.Image}}}
                    command: [sh, -c, 'hostname > /var/lib/db/owner; exec sleep 3600']
                    volumeMounts: [{name: state, mountPath: /var/lib/db}]
              volumeClaimTemplates:
              - metadata: {name: state}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 16Mi}}
            """);

        await Poll.UntilAsync(async () =>
        {
            var pods = await cluster.PodsAsync("app=db");
            return pods.Count == 2 && pods.All(p => p["status"]?["phase"]?.GetValue<string>() == "Running");
        }, Patience, () => "both replicas running");
        foreach (var ordinal in new[] { 0, 1 })
        {
            var claim = await ClaimAsync($"state-db-{ordinal}");
            Assert.Equal("Bound", claim["status"]!["phase"]!.GetValue<string>());
            var directory = Path.Combine(StorageDirectory, $"pvc-{claim["metadata"]!["uid"]}_default_state-db-{ordinal}");
            var owner = await Poll.ForAsync(() => Task.FromResult(File.Exists(Path.Combine(directory, "owner")) ? File.ReadAllText(Path.Combine(directory, "owner")).Trim() : ""),
                o => o.Length > 0, Patience, $"db-{ordinal} writing its volume");
            Assert.Equal($"db-{ordinal}", owner);
        }
        await Kubectl.OkAsync("delete", "statefulset", "db", "--timeout=60s");
    }

    [Fact]
    public async Task AClaimInUse_AndItsBoundVolume_OutliveTheirDeletion_UntilThePodIsGone()
    {
        await Kubectl.ApplyAsync($$$"""
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: held}
            spec:
              accessModes: [ReadWriteOnce]
              resources: {requests: {storage: 16Mi}}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: holder}
            spec:
              terminationGracePeriodSeconds: 1
              volumes: [{name: data, persistentVolumeClaim: {claimName: held}}]
              containers:
              - name: main
                image: {{{cluster.Image}}}
                command: [sleep, "3600"]
                volumeMounts: [{name: data, mountPath: /data}]
            """);
        await cluster.WaitForPhaseAsync("holder", "Running");
        var claim = await ClaimAsync("held");
        var volumeName = claim["spec"]!["volumeName"]!.GetValue<string>();
        Assert.Contains("kubernetes.io/pvc-protection", claim["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal("external-provisioner.volume.kubernetes.io/finalizer kubernetes.io/pv-protection",
            (await Kubectl.OkAsync("get", "pv", volumeName, "-o", "jsonpath={.metadata.finalizers[*]}")).Trim());

        await Kubectl.OkAsync("delete", "pvc", "held", "--wait=false");
        await Kubectl.OkAsync("delete", "pv", volumeName, "--wait=false");
        // The protection controllers had time to act on both deletions; the pod still holds the claim, the claim the volume.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Matches(@"held\s+Terminating", await Kubectl.OkAsync("get", "pvc", "held"));
        Assert.Matches($@"{volumeName}\s+16Mi\s+RWO\s+Delete\s+Terminating", await Kubectl.OkAsync("get", "pv", volumeName));
        await Kubectl.OkAsync("exec", "holder", "--", "touch", "/data/still-mounted");

        await Kubectl.OkAsync("delete", "pod", "holder", "--timeout=60s");
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "pvc", "held")).ExitCode != 0, Patience, () => "the claim gone with its last pod");
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "pv", volumeName)).ExitCode != 0, Patience, () => "the volume gone once released");
        Assert.False(Directory.Exists(Path.Combine(StorageDirectory, $"{volumeName}_default_held")), "the volume's directory is removed with it");
    }

    private async Task<JsonNode> ClaimAsync(string name) => JsonNode.Parse(await Kubectl.OkAsync("get", "pvc", name, "-o", "json"))!;

    private Task ApplyClaimPodAsync(string name, string script, bool readOnly) => Kubectl.ApplyAsync($$$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: {{{name}}}}
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 1
          volumes:
          - {name: data, persistentVolumeClaim: {claimName: data, readOnly: {{{(readOnly ? "true" : "false")}}}}}
          containers:
          - name: main
            image: {{{cluster.Image}}}
            command: [sh, -c, '{{{script}}}']
            volumeMounts: [{name: data, mountPath: /data}]
        """);

    private Task WaitForClaimEventAsync(string claim, string reason, string message) =>
        Poll.UntilAsync(async () =>
        {
            var events = JsonNode.Parse(await Kubectl.OkAsync("get", "events", "--field-selector", $"involvedObject.name={claim},involvedObject.kind=PersistentVolumeClaim", "-o", "json"))!["items"]!.AsArray();
            return events.Any(e => e!["reason"]?.GetValue<string>() == reason && e["message"]?.GetValue<string>() == message);
        }, Patience, () => $"a {reason} event on claim {claim}: {message}");
}
