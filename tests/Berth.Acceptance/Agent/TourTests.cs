using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// The README tour's cluster: docker.io mirrored (k3s' registries.yaml through --private-registry) to the test registry,
/// its first endpoint dead so pulls fall through to the second, which holds docs/tour/nginx built as library/nginx:1.17.9
/// and :1.18.0 and busybox as library/busybox:latest.
/// </summary>
public sealed class TourCluster : AgentCluster
{
    private readonly string _registriesFile = Path.Combine(Path.GetTempPath(), $"berth-registries-{Guid.NewGuid():N}.yaml");

    protected override IEnumerable<string> ServerArguments => ["--private-registry", _registriesFile];

    protected override async Task BeforeServerStartsAsync()
    {
        var root = Directory.CreateTempSubdirectory("berth-tour-").FullName;
        try
        {
            var context = Path.Combine(root, "context");
            Directory.CreateDirectory(context);
            File.Copy(TestImages.BusyboxBinary, Path.Combine(context, "busybox"));
            File.Copy(Path.Combine(BerthBinary.RepoRoot, "docs", "tour", "nginx", "Containerfile"), Path.Combine(context, "Containerfile"));
            foreach (var version in new[] { "1.17.9", "1.18.0" })
            {
                await OkAsync("--root", root, "build", "--build-arg", $"VERSION={version}", "-t", $"{RegistryDomain}/library/nginx:{version}", context);
                await OkAsync("--root", root, "push", $"{RegistryDomain}/library/nginx:{version}");
            }
            await TestImages.ImportBusyboxAsync(root, $"{RegistryDomain}/library/busybox:latest");
            await OkAsync("--root", root, "push", $"{RegistryDomain}/library/busybox:latest");
        }
        finally
        {
            EngineRootRemoval.Delete(root);
        }
        await File.WriteAllTextAsync(_registriesFile, $"""
            mirrors:
              docker.io:
                endpoint:
                  - "http://127.0.0.1:1"
                  - "http://{RegistryDomain}"
            """);
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await Kubectl.RunAsync("delete", "-f", TourTests.Manifests, "--wait=true", "--timeout=50s");
            await base.DisposeAsync();
        }
        finally
        {
            File.Delete(_registriesFile);
        }
    }

    private static async Task OkAsync(params string[] args)
    {
        var result = await BerthBinary.RunAsync(args, stdin: null, TimeSpan.FromMinutes(5));
        Assert.True(result.ExitCode == 0, $"berth {string.Join(' ', args)} failed: {result.Stderr}");
    }
}

/// <summary>
/// The README's tour with the real kubectl, on the manifests in docs/tour applied unchanged: image names of Docker Hub
/// (nginx:1.17.9, busybox) come from the mirror; the Deployment scales, rolls to 1.18.0 and back; the NodePort Service
/// answers; logs, exec and port-forward reach the pods.
/// </summary>
public sealed class TourTests(TourCluster cluster) : IClassFixture<TourCluster>
{
    public static readonly string Manifests = Path.Combine(BerthBinary.RepoRoot, "docs", "tour");

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private Api.Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task CourseManifests_RunUnchanged_ThroughTheDockerHubMirror()
    {
        await Kubectl.OkAsync("apply", "-f", Manifests);
        await Kubectl.OkAsync("rollout", "status", "deployment/nginx-deployment", "--timeout=180s");
        // Running at all means the mirror served it: this machine reaches no docker.io.
        await cluster.WaitForPhaseAsync("nginx-pod", "Running");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var nodePort = (await Kubectl.OkAsync("get", "svc", "nginx-svc", "-o", "jsonpath={.spec.ports[0].nodePort}")).Trim();
        var nodeIp = (await Kubectl.OkAsync("get", "node", cluster.NodeName, "-o", "jsonpath={.status.addresses[?(@.type==\"InternalIP\")].address}")).Trim();
        await Poll.UntilAsync(async () => (await AgentCluster.GetOrEmptyAsync(http, $"http://{nodeIp}:{nodePort}/")).Contains("Welcome to nginx 1.17.9"), Patience,
            () => "nginx 1.17.9 on the Service's node port");

        await Kubectl.OkAsync("scale", "deployment/nginx-deployment", "--replicas=4");
        await Poll.UntilAsync(async () => (await Kubectl.OkAsync("get", "deployment", "nginx-deployment", "-o", "jsonpath={.status.readyReplicas}")).Trim() == "4",
            Patience, () => "4 ready replicas");

        await Kubectl.OkAsync("set", "image", "deployment/nginx-deployment", "nginx=nginx:1.18.0");
        await Kubectl.OkAsync("rollout", "status", "deployment/nginx-deployment", "--timeout=180s");
        await Poll.UntilAsync(async () => (await AgentCluster.GetOrEmptyAsync(http, $"http://{nodeIp}:{nodePort}/")).Contains("Welcome to nginx 1.18.0"), Patience,
            () => "nginx 1.18.0 after the rolling update");
        await Kubectl.OkAsync("rollout", "undo", "deployment/nginx-deployment");
        await Kubectl.OkAsync("rollout", "status", "deployment/nginx-deployment", "--timeout=180s");
        Assert.Equal("nginx:1.17.9", (await Kubectl.OkAsync("get", "deployment", "nginx-deployment", "-o", "jsonpath={.spec.template.spec.containers[0].image}")).Trim());

        Assert.Contains("Welcome to nginx 1.17.9", await Kubectl.OkAsync("exec", "deploy/nginx-deployment", "--", "cat", "/usr/share/nginx/html/index.html"));
        var local = NetworkPorts.Free();
        await using (await RunningKubectl.PortForwardAsync(Kubectl, 1, "pod/nginx-pod", $"{local}:80"))
        {
            Assert.Contains("Welcome to nginx 1.17.9", await http.GetStringAsync($"http://127.0.0.1:{local}/"));
        }
        Assert.Contains("response:200", await Kubectl.OkAsync("logs", "nginx-pod"));
    }

    [Fact]
    public async Task AShortImageName_IsPulledFromTheMirror_AlwaysWhenLatest()
    {
        await Kubectl.OkAsync("run", "shell", "--image=busybox", "--restart=Never", "--", "sh", "-c", "echo from-the-mirror");
        await cluster.WaitForPhaseAsync("shell", "Succeeded");
        var pod = await cluster.PodAsync("shell");
        Assert.Equal("Always", pod["spec"]!["containers"]![0]!["imagePullPolicy"]!.GetValue<string>());
        Assert.Equal("from-the-mirror\n", await Kubectl.OkAsync("logs", "shell"));
        await Kubectl.OkAsync("delete", "pod", "shell", "--timeout=60s");
    }
}
