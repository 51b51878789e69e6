using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Berth.Acceptance.Api;

/// <summary>Server-side apply from the official C# client: two controllers share a ConfigMap field by field.</summary>
public sealed class ClientApplyTests(SqliteApiServer fixture) : IClassFixture<SqliteApiServer>
{
    [Fact]
    public async Task ApplyPatch_TwoManagers_ShareFieldsConflictThenForce()
    {
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(fixture.Server.Kubeconfig));
        var name = $"ssa-{Guid.NewGuid():N}"[..12];

        await ApplyAsync(client, name, "controller-a", new() { ["x"] = "1" }, force: false);
        await ApplyAsync(client, name, "controller-b", new() { ["y"] = "2" }, force: false);
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => ApplyAsync(client, name, "controller-b", new() { ["x"] = "3", ["y"] = "2" }, force: false));
        await ApplyAsync(client, name, "controller-b", new() { ["x"] = "3", ["y"] = "2" }, force: true);
        await ApplyAsync(client, name, "controller-a", null, force: false);
        var final = await client.CoreV1.ReadNamespacedConfigMapAsync(name, "default");

        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        var status = JsonNode.Parse(conflict.Response.Content)!;
        Assert.Equal("Apply failed with 1 conflict: conflict with \"controller-a\": .data.x", status["message"]!.GetValue<string>());
        Assert.Equal(".data.x", status["details"]!["causes"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { ["x"] = "3", ["y"] = "2" }, final.Data);
        Assert.Equal(["controller-b"], final.Metadata.ManagedFields.Select(m => m.Manager));
    }

    private static Task<V1ConfigMap> ApplyAsync(Kubernetes client, string name, string manager, Dictionary<string, string>? data, bool force)
    {
        var configMap = new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta { Name = name }, Data = data };
        return client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(configMap, V1Patch.PatchType.ApplyPatch), name, "default", fieldManager: manager, force: force);
    }
}
