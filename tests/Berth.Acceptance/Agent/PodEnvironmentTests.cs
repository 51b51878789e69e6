using System.Text.Json.Nodes;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// A container's environment as the kubelet makes it, on real containers: envFrom and key references to ConfigMaps and
/// Secrets, its resources through the downward API (env and volume), the service variables, and through them the in-cluster API: the real kubectl inside a pod finds the server
/// by KUBERNETES_SERVICE_HOST/PORT, dials the `kubernetes` Service's cluster IP, trusts it with the mounted CA and acts
/// as the pod's ServiceAccount.
/// </summary>
public sealed class PodEnvironmentTests(InClusterApiCluster cluster) : IClassFixture<InClusterApiCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private Api.Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task EnvFromKeyRefsResourcesAndServiceVariables_AndKubectlInThePodReachesTheApiAsItsServiceAccount()
    {
        await Kubectl.OkAsync("create", "configmap", "settings", "--from-literal=MODE=fast", "--from-literal=1st=one");
        await Kubectl.OkAsync("create", "secret", "generic", "credentials", "--from-literal=password=s3cret");
        await Kubectl.OkAsync("create", "service", "clusterip", "web-front", "--tcp=80:8080");
        var webFront = (await Kubectl.OkAsync("get", "svc", "web-front", "-o", "jsonpath={.spec.clusterIP}")).Trim();
        var kubectlBinary = new FileInfo(Api.Kubectl.Path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Api.Kubectl.Path;
        var container = cluster.ShellContainer("app",
            "env | sort; echo CPU_FILE=$(cat /podinfo/cpu); kubectl version -o json 2>&1; kubectl get pods 2>&1; echo END; sleep 3600");
        container["resources"] = new JsonObject { ["limits"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "64Mi" } };
        container["env"] = new JsonArray(
            new JsonObject { ["name"] = "HOME", ["value"] = "/tmp" },
            new JsonObject { ["name"] = "PASSWORD", ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = "credentials", ["key"] = "password" } } },
            new JsonObject { ["name"] = "MODE_AGAIN", ["valueFrom"] = new JsonObject { ["configMapKeyRef"] = new JsonObject { ["name"] = "settings", ["key"] = "MODE" } } },
            new JsonObject { ["name"] = "API", ["value"] = "$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)" },
            new JsonObject
            {
                ["name"] = "MEM_MIB",
                ["valueFrom"] = new JsonObject { ["resourceFieldRef"] = new JsonObject { ["resource"] = "limits.memory", ["divisor"] = "1Mi" } },
            });
        container["envFrom"] = new JsonArray(
            new JsonObject { ["configMapRef"] = new JsonObject { ["name"] = "settings" } },
            new JsonObject { ["prefix"] = "CFG_", ["configMapRef"] = new JsonObject { ["name"] = "settings" } });
        container["volumeMounts"] = new JsonArray(
            new JsonObject { ["name"] = "kubectl", ["mountPath"] = "/usr/bin/kubectl", ["readOnly"] = true },
            new JsonObject { ["name"] = "podinfo", ["mountPath"] = "/podinfo" });
        var cpuInMillicores = new JsonObject { ["containerName"] = "app", ["resource"] = "limits.cpu", ["divisor"] = "1m" };

        await cluster.ApplyPodAsync("env", [container], spec => spec["volumes"] = new JsonArray(
            new JsonObject { ["name"] = "kubectl", ["hostPath"] = new JsonObject { ["path"] = kubectlBinary, ["type"] = "File" } },
            new JsonObject
            {
                ["name"] = "podinfo",
                ["downwardAPI"] = new JsonObject { ["items"] = new JsonArray(new JsonObject { ["path"] = "cpu", ["resourceFieldRef"] = cpuInMillicores }) },
            }));

        var logs = await Poll.ForAsync(() => LogsAsync("env"), l => l.Contains("END\n", StringComparison.Ordinal), Patience, "the pod's env and kubectl output");
        var lines = logs.Split('\n');
        Assert.Contains("MODE=fast", lines);
        Assert.Contains("CFG_MODE=fast", lines);
        Assert.Contains("CFG_1st=one", lines);
        Assert.Contains("MODE_AGAIN=fast", lines);
        Assert.Contains("PASSWORD=s3cret", lines);
        Assert.Contains("MEM_MIB=64", lines);
        Assert.Contains("CPU_FILE=500", lines);
        Assert.Contains($"KUBERNETES_SERVICE_HOST={cluster.KubernetesServiceAddress}", lines);
        Assert.Contains("KUBERNETES_SERVICE_PORT=443", lines);
        Assert.Contains($"KUBERNETES_PORT=tcp://{cluster.KubernetesServiceAddress}:443", lines);
        Assert.Contains($"API={cluster.KubernetesServiceAddress}:443", lines);
        Assert.Contains($"WEB_FRONT_SERVICE_HOST={webFront}", lines);
        Assert.Contains("WEB_FRONT_SERVICE_PORT=80", lines);
        Assert.Contains($"WEB_FRONT_PORT_80_TCP_ADDR={webFront}", lines);
        // Without a prefix, 1st is no variable name (a digit first): skipped, with kube's event.
        Assert.DoesNotContain(lines, l => l.StartsWith("1st=", StringComparison.Ordinal));
        await cluster.WaitForEventAsync("env", "InvalidEnvironmentVariableNames",
            "Keys [1st] from the EnvFrom configMap default/settings were skipped since they are considered invalid environment variable names.");
        // In-cluster: the server answered its version over the Service's cluster IP, and knew the pod's ServiceAccount.
        Assert.Contains("\"serverVersion\"", logs);
        Assert.Contains("User \"system:serviceaccount:default:default\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"", logs);
    }

    [Fact]
    public async Task MissingSecret_WaitsInCreateContainerConfigError_AndStartsOnceTheSecretExists()
    {
        var container = cluster.ShellContainer("app", "echo token=$TOKEN; sleep 3600");
        container["env"] = new JsonArray(
            new JsonObject { ["name"] = "TOKEN", ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = "later", ["key"] = "token" } } });

        await cluster.ApplyPodAsync("waiting", [container]);

        var waiting = await Poll.ForAsync(() => cluster.PodAsync("waiting"),
            p => p["status"]?["containerStatuses"]?[0]?["state"]?["waiting"]?["reason"]?.GetValue<string>() == "CreateContainerConfigError", Patience,
            "the container waiting in CreateContainerConfigError");
        Assert.Equal("secret \"later\" not found", waiting["status"]!["containerStatuses"]![0]!["state"]!["waiting"]!["message"]!.GetValue<string>());
        Assert.Equal("Pending", waiting["status"]!["phase"]!.GetValue<string>());
        await cluster.WaitForEventAsync("waiting", "Failed", "Error: secret \"later\" not found");

        await Kubectl.OkAsync("create", "secret", "generic", "later", "--from-literal=token=t0k3n");

        await cluster.WaitForPhaseAsync("waiting", "Running");
        Assert.Equal("token=t0k3n", (await Poll.ForAsync(() => LogsAsync("waiting"), l => l.Length > 0, Patience, "the pod's output")).Trim());
    }

    /// <summary>The pod's log so far; empty while its container has not started.</summary>
    private async Task<string> LogsAsync(string pod) => (await Kubectl.RunAsync("logs", pod)).Stdout;
}
