using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// Pod volumes on the real engine: emptyDir (on disk, and medium Memory as a tmpfs of its sizeLimit)
/// shared by a pod's containers and removed with the pod, hostPath with kube's type checks, and
/// volumeMounts with readOnly, subPath and subPathExpr. A hostPath that fails its check keeps the pod
/// waiting with kube's FailedMount event until the path is there.
/// </summary>
public sealed class PodVolumeTests(AgentCluster cluster) : IClassFixture<AgentCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private Api.Kubectl Kubectl => cluster.Kubectl;

    private string PodsDirectory => Path.Combine(cluster.Server.DataDir, "agent", "pods");

    [Fact]
    public async Task EmptyDir_IsSharedByThePodsContainers_MemoryMediumIsASizedTmpfs_AndBothGoWithThePod()
    {
        await Kubectl.ApplyAsync($$$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: scratch}
            spec:
              nodeName: {{{cluster.NodeName}}}
              terminationGracePeriodSeconds: 1
              volumes:
              - {name: cache, emptyDir: {}}
              - {name: mem, emptyDir: {medium: Memory, sizeLimit: 1Mi}}
              containers:
              - name: writer
                image: {{{cluster.Image}}}
                command: [sh, -c, 'echo hello > /cache/greeting; grep " /mem " /proc/mounts > /cache/mem-mount; exec sleep 3600']
                volumeMounts: [{name: cache, mountPath: /cache}, {name: mem, mountPath: /mem}]
              - name: web
                image: {{{cluster.Image}}}
                command: [httpd, -f, -p, "8080", -h, /www]
                volumeMounts: [{name: cache, mountPath: /www, readOnly: true}]
            """);
        var pod = await cluster.WaitForPhaseAsync("scratch", "Running");
        var uid = pod["metadata"]!["uid"]!.GetValue<string>();
        var podIp = pod["status"]!["podIP"]!.GetValue<string>();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var greeting = await Poll.ForAsync(() => AgentCluster.GetOrEmptyAsync(http, $"http://{podIp}:8080/greeting"), g => g.Length > 0, Patience, "the writer's greeting served by the web container");
        Assert.Equal("hello", greeting.Trim());
        var memMount = await Poll.ForAsync(() => AgentCluster.GetOrEmptyAsync(http, $"http://{podIp}:8080/mem-mount"), m => m.Length > 0, Patience, "the writer's view of /mem");
        Assert.Matches(@"^tmpfs /mem tmpfs rw,.*size=1024k", memMount);
        var volumes = Path.Combine(PodsDirectory, uid, "volumes", "kubernetes.io~empty-dir");
        Assert.Equal("hello", File.ReadAllText(Path.Combine(volumes, "cache", "greeting")).Trim());
        Assert.Contains(Path.Combine(volumes, "mem"), HostMountPoints());

        await Kubectl.OkAsync("delete", "pod", "scratch", "--timeout=60s");

        Assert.False(Directory.Exists(Path.Combine(PodsDirectory, uid)), "the pod's directory is removed with the pod");
        Assert.DoesNotContain(HostMountPoints(), m => m.StartsWith(PodsDirectory, StringComparison.Ordinal));
    }

    [Fact]
    public async Task HostPath_TypeChecksCreateWhatIsAsked_AndMountsHonourReadOnlySubPathAndSubPathExpr()
    {
        var host = Directory.CreateTempSubdirectory("berth-hostpath-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(host, "app.conf"), "from-host");
            await Kubectl.ApplyAsync($$$"""
                apiVersion: v1
                kind: Pod
                metadata: {name: host-paths}
                spec:
                  nodeName: {{{cluster.NodeName}}}
                  restartPolicy: Never
                  volumes:
                  - {name: conf, hostPath: {path: {{{host}}}, type: Directory}}
                  - {name: made, hostPath: {path: {{{host}}}/made/deeper, type: DirectoryOrCreate}}
                  - {name: log, hostPath: {path: {{{host}}}/touched.log, type: FileOrCreate}}
                  - {name: scratch, emptyDir: {}}
                  containers:
                  - name: main
                    image: {{{cluster.Image}}}
                    env:
                    - name: POD_NAME
                      valueFrom: {fieldRef: {fieldPath: metadata.name}}
                    command:
                    - sh
                    - -c
                    - |
                      [ "$(cat /etc/app.conf)" = from-host ] || exit 10
                      touch /conf/written 2>/dev/null && exit 11
                      echo made > /made/file || exit 12
                      echo line >> /var/log/touched.log || exit 13
                      echo nested > /nested/f && [ "$(cat /scratch/nested/f)" = nested ] || exit 14
                      echo mine > /mine/f && [ "$(cat /scratch/host-paths/f)" = mine ] || exit 15
                    volumeMounts:
                    - {name: conf, mountPath: /etc/app.conf, subPath: app.conf}
                    - {name: conf, mountPath: /conf, readOnly: true}
                    - {name: made, mountPath: /made}
                    - {name: log, mountPath: /var/log/touched.log}
                    - {name: scratch, mountPath: /scratch}
                    - {name: scratch, mountPath: /nested, subPath: nested}
                    - {name: scratch, mountPath: /mine, subPathExpr: $(POD_NAME)}
                """);

            var pod = await cluster.WaitForPhaseAsync("host-paths", "Succeeded", "Failed");

            var terminated = pod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!;
            Assert.True(terminated["exitCode"]!.GetValue<int>() == 0, $"a check in the container failed: exit {terminated["exitCode"]}");
            Assert.Equal("made", File.ReadAllText(Path.Combine(host, "made", "deeper", "file")).Trim());
            Assert.Equal("line", File.ReadAllText(Path.Combine(host, "touched.log")).Trim());
            Assert.False(File.Exists(Path.Combine(host, "written")), "a readOnly mount is not written through");
        }
        finally
        {
            await Kubectl.RunAsync("delete", "pod", "host-paths", "--timeout=60s");
            Directory.Delete(host, recursive: true);
        }
    }

    [Fact]
    public async Task HostPath_FailingItsTypeCheck_KeepsThePodWaitingWithFailedMount_UntilThePathIsThere()
    {
        var host = Directory.CreateTempSubdirectory("berth-hostpath-").FullName;
        var missing = Path.Combine(host, "later");
        try
        {
            await CreateSleeperAsync("waits", missing, "Directory");
            await CreateSleeperAsync("wrong-type", host, "File");

            await cluster.WaitForEventAsync("waits", "FailedMount", $"MountVolume.SetUp failed for volume \"data\" : hostPath {missing} doesn't exist");
            await cluster.WaitForEventAsync("wrong-type", "FailedMount", $"MountVolume.SetUp failed for volume \"data\" : hostPath type check failed: {host} is not a file, it's a Directory");
            var waiting = await cluster.PodAsync("waits");
            Assert.Equal("Pending", waiting["status"]!["phase"]!.GetValue<string>());
            Assert.Equal("ContainerCreating", waiting["status"]!["containerStatuses"]![0]!["state"]!["waiting"]!["reason"]!.GetValue<string>());

            Directory.CreateDirectory(missing);

            await cluster.WaitForPhaseAsync("waits", "Running");
            Assert.Equal("Pending", (await cluster.PodAsync("wrong-type"))["status"]!["phase"]!.GetValue<string>());
        }
        finally
        {
            await Kubectl.RunAsync("delete", "pod", "waits", "wrong-type", "--timeout=60s");
            Directory.Delete(host, recursive: true);
        }
    }

    private Task CreateSleeperAsync(string name, string path, string type) =>
        Kubectl.ApplyAsync($$$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: {{{name}}}}
            spec:
              nodeName: {{{cluster.NodeName}}}
              terminationGracePeriodSeconds: 1
              volumes: [{name: data, hostPath: {path: {{{path}}}, type: {{{type}}}}}]
              containers:
              - {name: main, image: {{{cluster.Image}}}, command: [sleep, "3600"], volumeMounts: [{name: data, mountPath: /data}]}
            """);

    private static List<string> HostMountPoints() =>
        [.. File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4])];
}
