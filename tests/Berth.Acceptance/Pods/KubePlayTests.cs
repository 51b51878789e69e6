using Berth.Acceptance.Api;
using Berth.Acceptance.Containers;

namespace Berth.Acceptance.Pods;

/// <summary>
/// `berth kube play|down|generate` on real runc: a two-container Pod sharing localhost, ConfigMap and Secret data, a PVC
/// as a named volume; what `kube generate` prints is applied by the real kubectl to a `berth server`.
/// </summary>
public sealed class KubePlayTests(BusyboxEngineRoot root, SqliteApiServer api) : IClassFixture<BusyboxEngineRoot>, IClassFixture<SqliteApiServer>, IAsyncLifetime
{
    private const string Image = BusyboxEngineRoot.Image;

    private readonly string _file = Path.Combine(Directory.CreateTempSubdirectory("berth-kube-").FullName, "pod.yaml");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await root.BerthAsync("pod", "rm", "-f", "--all");
        await root.RemoveAllContainersAsync();
        await root.BerthAsync("volume", "rm", "--all");
        Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);
    }

    [Fact]
    public async Task Play_TwoContainerPod_SharesLocalhost_AndDownRemovesIt()
    {
        var port = NetworkPorts.Free();
        File.WriteAllText(_file, $$"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: site
            data:
              index.html: served from a ConfigMap
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: creds
            stringData:
              password: s3cret
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: cache
            spec:
              accessModes: [ReadWriteOnce]
              resources:
                requests:
                  storage: 1Mi
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: duo
              labels:
                app: duo
            spec:
              containers:
              - name: web
                image: {{Image}}
                command: [httpd, -f, -p, "8080", -h, /www]
                ports:
                - containerPort: 8080
                  hostPort: {{port}}
                  hostIP: 127.0.0.1
                volumeMounts:
                - name: site
                  mountPath: /www
              - name: client
                image: {{Image}}
                command: [sh, -c]
                args: ["echo $PASSWORD > /cache/seen; sleep 1000"]
                env:
                - name: PASSWORD
                  valueFrom:
                    secretKeyRef:
                      name: creds
                      key: password
                volumeMounts:
                - name: cache
                  mountPath: /cache
              volumes:
              - name: site
                configMap:
                  name: site
              - name: cache
                persistentVolumeClaim:
                  claimName: cache
            """);

        var play = await root.BerthAsync("kube", "play", _file);
        var fromHost = await HttpRetry.GetStringAsync($"http://127.0.0.1:{port}/index.html");
        var overLocalhost = await root.BerthAsync("exec", "duo-client", "wget", "-qO-", "http://localhost:8080/index.html");
        var secret = await root.BerthAsync("exec", "duo-client", "cat", "/cache/seen");
        var status = await root.BerthAsync("pod", "ps", "--format", "{{.Name}} {{.Status}} {{.NumberOfContainers}}");
        var again = await root.BerthAsync("kube", "play", _file);
        var generate = await root.BerthAsync("kube", "generate", "duo");
        var apply = await api.Kubectl.RunWithStdinAsync(generate.Stdout, "apply", "--dry-run=client", "-f", "-");

        Assert.True(play.ExitCode == 0, play.Stderr);
        Assert.Matches("^Pod:\n[0-9a-f]{64}\nContainers:\n[0-9a-f]{64}\n[0-9a-f]{64}\n\n$", play.Stdout);
        Assert.Equal("served from a ConfigMap", fromHost);
        Assert.Equal((0, "served from a ConfigMap"), (overLocalhost.ExitCode, overLocalhost.Stdout));
        Assert.Equal("s3cret\n", secret.Stdout);
        Assert.Equal("duo Running 3\n", status.Stdout);
        Assert.Equal((125, "Error: adding pod to state: name \"duo\" is in use: pod already exists\n"), (again.ExitCode, again.Stderr));
        Assert.True(generate.ExitCode == 0, generate.Stderr);
        Assert.Contains("kind: Pod", generate.Stdout);
        Assert.Contains("name: web", generate.Stdout);
        Assert.Contains($"hostPort: {port}", generate.Stdout);
        Assert.Contains("claimName: cache", generate.Stdout);
        Assert.Equal((0, "pod/duo created (dry run)\n"), (apply.ExitCode, apply.Stdout + apply.Stderr));

        var down = await root.BerthAsync("kube", "down", _file);
        var pods = await root.BerthAsync("pod", "ps", "-q");
        var containers = await root.BerthAsync("ps", "-a", "-q");
        var volumes = await root.BerthAsync("volume", "ls", "-q");

        Assert.True(down.ExitCode == 0, down.Stderr);
        Assert.StartsWith("Pods stopped:\n", down.Stdout);
        Assert.Equal("", pods.Stdout);
        Assert.Equal("", containers.Stdout);
        Assert.Equal("cache\n", volumes.Stdout);
    }

    [Fact]
    public async Task Play_UnsupportedKind_IsRefusedAndMakesNothing()
    {
        File.WriteAllText(_file, "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\nspec:\n  ports:\n  - port: 80\n");

        var play = await root.BerthAsync("kube", "play", _file);
        var pods = await root.BerthAsync("pod", "ps", "-q");

        Assert.Equal((125, "Error: kube play does not support kind Service\n"), (play.ExitCode, play.Stderr));
        Assert.Equal("", pods.Stdout);
    }

    [Fact]
    public async Task Play_Deployment_RunsItsReplicasAsPods()
    {
        File.WriteAllText(_file, $$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: sleeper
                    image: {{Image}}
                    command: [sleep, "1000"]
                    env:
                    - {name: MODE, value: replica}
            """);

        var play = await root.BerthAsync("kube", "play", _file);
        var pods = await root.BerthAsync("pod", "ps", "--format", "{{.Name}} {{.Status}} {{.Labels}}");
        var env = await root.BerthAsync("exec", "web-pod-1-sleeper", "sh", "-c", "echo $MODE");
        var down = await root.BerthAsync("kube", "down", _file);
        var left = await root.BerthAsync("ps", "-a", "-q");

        Assert.True(play.ExitCode == 0, play.Stderr);
        Assert.Equal("web-pod-0 Running map[app:web]\nweb-pod-1 Running map[app:web]\n", pods.Stdout);
        Assert.Equal("replica\n", env.Stdout);
        Assert.True(down.ExitCode == 0, down.Stderr);
        Assert.Equal("", left.Stdout);
    }
}
