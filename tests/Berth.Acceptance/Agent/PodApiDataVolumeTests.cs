using System.Text.Json.Nodes;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// configMap, secret, downwardAPI and projected volumes on the real engine: files as kube lays them
/// out (..data links, items and modes, secrets on a tmpfs), mounted read-only, updated in place when
/// the ConfigMap changes; a missing ConfigMap keeps the pod waiting with FailedMount until it is
/// created, an optional one does not; a serviceAccountToken source is a token bound to the pod.
/// </summary>
public sealed class PodApiDataVolumeTests(AgentCluster cluster) : IClassFixture<AgentCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private Api.Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task ApiDataVolumes_ServeTheirObjectsAsFiles_ReadOnly_AndFollowAConfigMapUpdate()
    {
        await Kubectl.OkAsync("create", "configmap", "app-config", "--from-literal=greeting=hello", "--from-literal=color=blue");
        await Kubectl.OkAsync("create", "secret", "generic", "creds", "--from-literal=password=s3cret");
        await Kubectl.ApplyAsync($$$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: reader, labels: {app: web, tier: front}}
            spec:
              nodeName: {{{cluster.NodeName}}}
              terminationGracePeriodSeconds: 1
              volumes:
              - {name: app, configMap: {name: app-config}}
              - {name: picked, configMap: {name: app-config, items: [{key: greeting, path: nested/hello.txt, mode: 256}]}}
              - {name: creds, secret: {secretName: creds, defaultMode: 256}}
              - {name: absent, configMap: {name: nothing-here, optional: true}}
              - name: info
                downwardAPI:
                  items:
                  - {path: labels, fieldRef: {fieldPath: metadata.labels}}
                  - {path: name, fieldRef: {fieldPath: metadata.name}}
              - name: all
                projected:
                  sources:
                  - configMap: {name: app-config, items: [{key: color, path: color}]}
                  - secret: {name: creds}
                  - downwardAPI: {items: [{path: ns, fieldRef: {fieldPath: metadata.namespace}}]}
              - {name: out, emptyDir: {}}
              containers:
              - name: web
                image: {{{cluster.Image}}}
                command: [httpd, -f, -p, "8080", -h, /www]
                volumeMounts:
                - {name: app, mountPath: /www/app}
                - {name: picked, mountPath: /www/picked}
                - {name: creds, mountPath: /www/creds}
                - {name: absent, mountPath: /www/absent}
                - {name: info, mountPath: /www/info}
                - {name: all, mountPath: /www/all}
                - {name: out, mountPath: /www/out}
              - name: probe
                image: {{{cluster.Image}}}
                command: [sh, -c, 'if touch /app/written 2>/dev/null; then echo writable; else echo read-only; fi > /out/app-mount; exec sleep 3600']
                volumeMounts: [{name: app, mountPath: /app}, {name: out, mountPath: /out}]
            """);
        var pod = await cluster.WaitForPhaseAsync("reader", "Running");
        var uid = pod["metadata"]!["uid"]!.GetValue<string>();
        var web = $"http://{pod["status"]!["podIP"]}:8080";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        Assert.Equal("hello", await ServedAsync(http, $"{web}/app/greeting"));
        Assert.Equal("hello", await ServedAsync(http, $"{web}/picked/nested/hello.txt"));
        Assert.Equal("s3cret", await ServedAsync(http, $"{web}/creds/password"));
        Assert.Equal("app=\"web\"\ntier=\"front\"", await ServedAsync(http, $"{web}/info/labels"));
        Assert.Equal("reader", await ServedAsync(http, $"{web}/info/name"));
        Assert.Equal("blue", await ServedAsync(http, $"{web}/all/color"));
        Assert.Equal("s3cret", await ServedAsync(http, $"{web}/all/password"));
        Assert.Equal("default", await ServedAsync(http, $"{web}/all/ns"));
        Assert.Equal("read-only", (await ServedAsync(http, $"{web}/out/app-mount")).Trim());

        var volumes = Path.Combine(cluster.Server.DataDir, "agent", "pods", uid, "volumes");
        var app = Path.Combine(volumes, "kubernetes.io~configmap", "app");
        Assert.StartsWith("..", new FileInfo(Path.Combine(app, "..data")).LinkTarget);
        Assert.Equal("..data/greeting", new FileInfo(Path.Combine(app, "greeting")).LinkTarget);
        Assert.Equal("400", Convert.ToString((int)new FileInfo(Path.Combine(volumes, "kubernetes.io~secret", "creds", "..data", "password")).UnixFileMode, 8));
        Assert.Equal("400", Convert.ToString((int)new FileInfo(Path.Combine(volumes, "kubernetes.io~configmap", "picked", "..data", "nested", "hello.txt")).UnixFileMode, 8));
        var mounts = File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).ToList();
        Assert.Contains(Path.Combine(volumes, "kubernetes.io~secret", "creds"), mounts);
        Assert.Contains(Path.Combine(volumes, "kubernetes.io~projected", "all"), mounts);

        await Kubectl.OkAsync("patch", "configmap", "app-config", "-p", """{"data":{"greeting":"bye","added":"new"}}""");

        await Poll.ForAsync(() => AgentCluster.GetOrEmptyAsync(http, $"{web}/app/greeting"), g => g == "bye", Patience, "the updated greeting in the running pod");
        Assert.Equal("new", await ServedAsync(http, $"{web}/app/added"));
        Assert.Equal(0, (await cluster.PodAsync("reader"))["status"]!["containerStatuses"]![0]!["restartCount"]!.GetValue<int>());

        await Kubectl.OkAsync("delete", "pod", "reader", "--timeout=60s");
        Assert.DoesNotContain(File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]), m => m.StartsWith(volumes, StringComparison.Ordinal));
    }

    [Fact]
    public async Task MissingConfigMap_KeepsThePodWaitingWithFailedMount_UntilItIsCreated()
    {
        await Kubectl.ApplyAsync($$$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: waits-for-config}
            spec:
              nodeName: {{{cluster.NodeName}}}
              terminationGracePeriodSeconds: 1
              volumes: [{name: config, configMap: {name: late-config}}]
              containers:
              - {name: main, image: {{{cluster.Image}}}, command: [sleep, "3600"], volumeMounts: [{name: config, mountPath: /config}]}
            """);

        await cluster.WaitForEventAsync("waits-for-config", "FailedMount", "MountVolume.SetUp failed for volume \"config\" : configmap \"late-config\" not found");
        var waiting = await cluster.PodAsync("waits-for-config");
        Assert.Equal("Pending", waiting["status"]!["phase"]!.GetValue<string>());
        Assert.Equal("ContainerCreating", waiting["status"]!["containerStatuses"]![0]!["state"]!["waiting"]!["reason"]!.GetValue<string>());

        await Kubectl.OkAsync("create", "configmap", "late-config", "--from-literal=k=v");

        await cluster.WaitForPhaseAsync("waits-for-config", "Running");
    }

    [Fact]
    public async Task ServiceAccountTokenProjection_IsATokenBoundToThePod_ThatTheApiServerAccepts()
    {
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "serviceaccount", "default")).ExitCode == 0, Patience, () => "the default ServiceAccount");
        await Kubectl.ApplyAsync($$$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: wants-token}
            spec:
              nodeName: {{{cluster.NodeName}}}
              terminationGracePeriodSeconds: 1
              volumes:
              - name: token
                projected: {sources: [{serviceAccountToken: {path: token, expirationSeconds: 3600}}]}
              containers:
              - name: web
                image: {{{cluster.Image}}}
                command: [httpd, -f, -p, "8080", -h, /www]
                volumeMounts: [{name: token, mountPath: /www/tokens}]
            """);
        var pod = await cluster.WaitForPhaseAsync("wants-token", "Running");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var token = await ServedAsync(http, $"http://{pod["status"]!["podIP"]}:8080/tokens/token");

        var claims = JsonNode.Parse(Base64Url(token.Split('.')[1]))!;
        Assert.Equal("system:serviceaccount:default:default", claims["sub"]!.GetValue<string>());
        Assert.Equal("wants-token", claims["kubernetes.io"]!["pod"]!["name"]!.GetValue<string>());
        Assert.Equal(pod["metadata"]!["uid"]!.GetValue<string>(), claims["kubernetes.io"]!["pod"]!["uid"]!.GetValue<string>());
        // The API server takes it as the ServiceAccount (a loopback test server: its certificate is not checked here).
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var api = new HttpClient(handler) { BaseAddress = cluster.Server.Address };
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var review = await api.PostAsync("/apis/authentication.k8s.io/v1/selfsubjectreviews",
            new StringContent("""{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}""", System.Text.Encoding.UTF8, "application/json"));
        var body = await review.Content.ReadAsStringAsync();
        Assert.True(review.IsSuccessStatusCode, body);
        Assert.Equal("system:serviceaccount:default:default", JsonNode.Parse(body)!["status"]!["userInfo"]!["username"]!.GetValue<string>());
    }

    private static string Base64Url(string part)
    {
        var padded = part.Replace('-', '+').Replace('_', '/');
        return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '=')));
    }

    private static Task<string> ServedAsync(HttpClient http, string url) =>
        Poll.ForAsync(() => AgentCluster.GetOrEmptyAsync(http, url), s => s.Length > 0, Patience, $"a file at {url}");
}
