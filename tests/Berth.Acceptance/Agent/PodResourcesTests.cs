using System.Text.Json.Nodes;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// A pod's resources and securityContext on the real engine: requests and limits become the
/// container's cgroup settings (memory limit, CFS quota, shares), runAsUser/runAsGroup the process'
/// ids, capabilities, readOnlyRootFilesystem, allowPrivilegeEscalation and privileged what the
/// process holds, a memory limit hit is OOMKilled, and runAsNonRoot refuses a root image in kube's words.
/// </summary>
public sealed class PodResourcesTests(AgentCluster cluster) : IClassFixture<AgentCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private Api.Kubectl Kubectl => cluster.Kubectl;

    private static string ContainerId(JsonObject pod) => pod["status"]!["containerStatuses"]![0]!["containerID"]!.GetValue<string>()["berth://".Length..];

    /// <summary>A cgroup v1 controller's file for a container (the engine's cgroups are /berth/ID).</summary>
    private static string Cgroup(string controller, string id, string file) => File.ReadAllText($"/sys/fs/cgroup/{controller}/berth/{id}/{file}").Trim();

    [Fact]
    public async Task RequestsAndLimits_AreTheCgroupSettings_AndRunAsUserAndGroupTheProcessIds()
    {
        await Kubectl.ApplyAsync($$$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: limited}
            spec:
              nodeName: {{{cluster.NodeName}}}
              terminationGracePeriodSeconds: 1
              securityContext: {runAsUser: 1000, runAsGroup: 2000}
              containers:
              - name: c
                image: {{{cluster.Image}}}
                command: [sleep, "3600"]
                securityContext: {runAsUser: 1001}
                resources:
                  requests: {cpu: 250m, memory: 32Mi}
                  limits: {cpu: 500m, memory: 64Mi}
            """);
        var pod = await cluster.WaitForPhaseAsync("limited", "Running");
        var id = ContainerId(pod);

        Assert.Equal("Burstable", pod["status"]!["qosClass"]!.GetValue<string>());
        Assert.Equal((64L << 20).ToString(), Cgroup("memory", id, "memory.limit_in_bytes"));
        Assert.Equal(("50000", "100000", "256"), (Cgroup("cpu", id, "cpu.cfs_quota_us"), Cgroup("cpu", id, "cpu.cfs_period_us"), Cgroup("cpu", id, "cpu.shares")));
        Assert.Matches(@"^1001\s+1001\s+1001\s+1001$", ProcessStatus(id, "Uid"));
        Assert.Matches(@"^2000\s+2000\s+2000\s+2000$", ProcessStatus(id, "Gid"));

        await Kubectl.OkAsync("delete", "pod", "limited", "--timeout=60s");
    }

    /// <summary>A field of /proc/PID/status of the container's first process.</summary>
    private static string ProcessStatus(string id, string field)
    {
        var pid = Cgroup("pids", id, "cgroup.procs").Split('\n')[0];
        return File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal))[(field.Length + 1)..].Trim();
    }

    private static bool HasCapability(string mask, int bit) => (Convert.ToUInt64(mask, 16) & (1UL << bit)) != 0;

    [Fact]
    public async Task SecurityContext_CapabilitiesReadOnlyRootAndNoEscalation_AndPrivilegedHoldsEverything()
    {
        const int Chown = 0, NetAdmin = 12, SysAdmin = 21;
        await Kubectl.ApplyAsync($$$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: hardened}
            spec:
              nodeName: {{{cluster.NodeName}}}
              terminationGracePeriodSeconds: 1
              volumes: [{name: out, emptyDir: {}}]
              containers:
              - name: locked
                image: {{{cluster.Image}}}
                command: [sh, -c, 'touch /probe 2>/out/error; echo $? >/out/code; exec sleep 3600']
                volumeMounts: [{name: out, mountPath: /out}]
                securityContext:
                  readOnlyRootFilesystem: true
                  allowPrivilegeEscalation: false
                  capabilities: {add: [NET_ADMIN], drop: [CHOWN]}
              - name: root
                image: {{{cluster.Image}}}
                command: [sleep, "3600"]
                securityContext: {privileged: true}
            """);
        var pod = await cluster.WaitForPhaseAsync("hardened", "Running");
        var statuses = pod["status"]!["containerStatuses"]!.AsArray();
        string Id(string name) => statuses.Single(c => c!["name"]!.GetValue<string>() == name)!["containerID"]!.GetValue<string>()["berth://".Length..];
        var (locked, root) = (Id("locked"), Id("root"));

        var bounding = ProcessStatus(locked, "CapBnd");
        Assert.True(HasCapability(bounding, NetAdmin), $"NET_ADMIN added: {bounding}");
        Assert.False(HasCapability(bounding, Chown), $"CHOWN dropped: {bounding}");
        Assert.False(HasCapability(bounding, SysAdmin), $"SYS_ADMIN not granted: {bounding}");
        Assert.Equal("1", ProcessStatus(locked, "NoNewPrivs"));
        var outDir = Path.Combine(cluster.Server.DataDir, "agent", "pods", pod["metadata"]!["uid"]!.GetValue<string>(), "volumes", "kubernetes.io~empty-dir", "out");
        await Poll.UntilAsync(() => Task.FromResult(File.Exists(Path.Combine(outDir, "code"))), Patience, () => "the locked container's probe");
        Assert.Equal("1", File.ReadAllText(Path.Combine(outDir, "code")).Trim());
        Assert.Contains("Read-only file system", File.ReadAllText(Path.Combine(outDir, "error")));

        Assert.True(HasCapability(ProcessStatus(root, "CapEff"), SysAdmin), "a privileged container holds SYS_ADMIN");
        Assert.Equal(("0", "0"), (ProcessStatus(root, "NoNewPrivs"), ProcessStatus(root, "Seccomp")));

        await Kubectl.OkAsync("delete", "pod", "hardened", "--timeout=60s");
    }

    [Fact]
    public async Task MemoryLimitHit_TheContainerIsOomKilled()
    {
        await Kubectl.ApplyAsync($$$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: hog}
            spec:
              nodeName: {{{cluster.NodeName}}}
              restartPolicy: Never
              containers:
              - name: c
                image: {{{cluster.Image}}}
                command: [sh, -c, 'x=a; while true; do x=$x$x; done']
                resources: {limits: {memory: 16Mi}}
            """);

        var pod = await cluster.WaitForPhaseAsync("hog", "Failed", "Succeeded");

        var terminated = pod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!;
        Assert.Equal(("Failed", "OOMKilled", 137), (pod["status"]!["phase"]!.GetValue<string>(), terminated["reason"]!.GetValue<string>(), terminated["exitCode"]!.GetValue<int>()));
        await Kubectl.OkAsync("delete", "pod", "hog", "--timeout=60s");
    }

    [Fact]
    public async Task RunAsNonRoot_WithARootImage_WaitsWithKubesConfigError()
    {
        await Kubectl.ApplyAsync($$$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: rootless}
            spec:
              nodeName: {{{cluster.NodeName}}}
              terminationGracePeriodSeconds: 1
              securityContext: {runAsNonRoot: true}
              containers:
              - {name: c, image: {{{cluster.Image}}}, command: [sleep, "3600"]}
            """);

        var pod = await Poll.ForAsync(() => cluster.PodAsync("rootless"),
            p => p["status"]?["containerStatuses"]?[0]?["state"]?["waiting"]?["reason"]?.GetValue<string>() == "CreateContainerConfigError", Patience, "the config error");

        var uid = pod["metadata"]!["uid"]!.GetValue<string>();
        var message = $"container has runAsNonRoot and image will run as root (pod: \"rootless_default({uid})\", container: c)";
        Assert.Equal(message, pod["status"]!["containerStatuses"]![0]!["state"]!["waiting"]!["message"]!.GetValue<string>());
        Assert.Equal("Pending", pod["status"]!["phase"]!.GetValue<string>());
        var events = await Kubectl.OkAsync("get", "events", "--field-selector", "involvedObject.name=rootless,reason=Failed", "-o", "jsonpath={.items[*].message}");
        Assert.Equal($"Error: {message}", events);
        Assert.DoesNotContain("k8s_c_rootless_", await cluster.EnginePsAsync());

        await Kubectl.OkAsync("delete", "pod", "rootless", "--timeout=60s");
    }
}
