using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Berth.Acceptance.Api;
using Berth.Testing;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Berth.Acceptance.Security;

/// <summary>
/// ResourceQuota admission and its controller with the real kubectl and the official C# client:
/// `kubectl create quota`, the N+1-th pod refused with kube's message, `kubectl describe quota`,
/// a deleted pod freeing its slot, and a burst of parallel creates storing exactly N.
/// </summary>
public sealed class ResourceQuotaTests(SqliteApiServer fixture) : IClassFixture<SqliteApiServer>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    private Kubectl Kubectl => fixture.Kubectl;

    [Fact]
    public async Task AQuota_StopsTheNPlusFirstPod_AndADeletedPodFreesItsSlot()
    {
        var ns = $"rq-{Guid.NewGuid():N}"[..12];
        await Kubectl.OkAsync("create", "namespace", ns);
        await Kubectl.OkAsync("create", "quota", "pods", "--hard=pods=2,requests.cpu=1", "-n", ns);
        await WaitForUsedAsync(ns, "pods", "pods", "0");

        Assert.Equal(0, (await CreatePodAsync(ns, "p1", "300m")).ExitCode);
        var unstated = await CreatePodAsync(ns, "nocpu", null);
        Assert.Contains("pods \"nocpu\" is forbidden: failed quota: pods: must specify requests.cpu for: nocpu", unstated.Stderr);
        var tooBig = await CreatePodAsync(ns, "big", "800m");
        Assert.Contains("pods \"big\" is forbidden: exceeded quota: pods, requested: requests.cpu=800m, used: requests.cpu=300m, limited: requests.cpu=1", tooBig.Stderr);
        Assert.Equal(0, (await CreatePodAsync(ns, "p2", "300m")).ExitCode);

        var third = await CreatePodAsync(ns, "p3", "100m");
        Assert.NotEqual(0, third.ExitCode);
        Assert.Contains("Error from server (Forbidden): error when creating \"STDIN\": pods \"p3\" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2", third.Stderr);
        Assert.Contains("NotFound", (await Kubectl.RunAsync("get", "pod", "p3", "-n", ns)).Stderr);

        var describe = await Kubectl.OkAsync("describe", "quota", "pods", "-n", ns);
        Assert.Matches(UsedHard("pods", "2", "2"), describe);
        Assert.Matches(UsedHard("requests.cpu", "600m", "1"), describe);

        await Kubectl.OkAsync("delete", "pod", "p1", "-n", ns);
        await WaitForUsedAsync(ns, "pods", "pods", "1");
        Assert.Equal(0, (await CreatePodAsync(ns, "p3", "100m")).ExitCode);
        Assert.Matches(UsedHard("requests.cpu", "400m", "1"), await Kubectl.OkAsync("describe", "quota", "pods", "-n", ns));
    }

    [Fact]
    public async Task ABurstOfParallelCreates_StoresExactlyTheQuota()
    {
        const int Hard = 5;
        const int Attempts = 24;
        var ns = $"rqb-{Guid.NewGuid():N}"[..12];
        await Kubectl.OkAsync("create", "namespace", ns);
        await Kubectl.OkAsync("create", "quota", "burst", $"--hard=pods={Hard},count/configmaps={Hard}", "-n", ns);
        // The namespace's kube-root-ca.crt (published by a controller) takes one of the configmap slots, as in kube.
        await WaitForUsedAsync(ns, "burst", "count/configmaps", "1");
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.Kubeconfig));

        var pods = await Task.WhenAll(Enumerable.Range(0, Attempts).Select(i => TryCreateAsync(() => client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod { Metadata = new V1ObjectMeta { Name = $"p{i}" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] } }, ns))));
        var configMaps = await Task.WhenAll(Enumerable.Range(0, Attempts).Select(i => TryCreateAsync(() => client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"c{i}" } }, ns))));

        Assert.Equal(Hard, pods.Count(ok => ok));
        Assert.Equal(Hard - 1, configMaps.Count(ok => ok));
        Assert.Equal(Hard, (await client.CoreV1.ListNamespacedPodAsync(ns)).Items.Count);
        Assert.Equal(Hard, (await client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items.Count);
        var quota = await client.CoreV1.ReadNamespacedResourceQuotaAsync("burst", ns);
        Assert.Equal($"{Hard}", quota.Status.Used["pods"].ToString());
        Assert.Equal($"{Hard}", quota.Status.Used["count/configmaps"].ToString());
    }

    private Task<ProcessResult> CreatePodAsync(string ns, string name, string? cpu)
    {
        var resources = cpu is null ? "" : $$$"""
            ,"resources":{"requests":{"cpu":"{{{cpu}}}"}}
            """;
        return Kubectl.RunWithStdinAsync($$$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{{name}}}}","namespace":"{{{{ns}}}}"},
             "spec":{"containers":[{"name":"{{{{name}}}}","image":"busybox"{{{{resources}}}}}]}}
            """, "create", "-f", "-");
    }

    /// <summary>Whether a create was stored; a quota refusal must be kube's 403.</summary>
    private static async Task<bool> TryCreateAsync(Func<Task> create)
    {
        try
        {
            await create();
            return true;
        }
        catch (HttpOperationException refused) when (refused.Response.StatusCode == HttpStatusCode.Forbidden)
        {
            Assert.Contains("exceeded quota: burst", refused.Response.Content);
            return false;
        }
    }

    /// <summary>The controller has filled the quota's status (admission checks against status.hard).</summary>
    private async Task WaitForUsedAsync(string ns, string quota, string resource, string used) =>
        await Poll.ForAsync(
            async () => JsonNode.Parse(await Kubectl.OkAsync("get", "quota", quota, "-n", ns, "-o", "json"))!,
            q => q["status"]?["used"]?[resource]?.GetValue<string>() == used,
            s_timeout, $"quota {quota} used {resource}={used}");

    private static Regex UsedHard(string resource, string used, string hard) => new($@"(?m)^{Regex.Escape(resource)}\s+{Regex.Escape(used)}\s+{Regex.Escape(hard)}\s*$");
}
