using System.Text.Json;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using k8s.Models;

namespace Berth.Client.Tests.Serialization;

public sealed class ModelJsonTests
{
    [Fact]
    public void Serialize_Pod_WritesKubernetesJsonWithoutNulls()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web", CreationTimestamp = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc) },
            Spec = new V1PodSpec
            {
                Containers = [new V1Container { Name = "c", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m") } } }],
            },
        };

        var json = JsonSerializer.Serialize(pod, ModelJsonContext.Default.V1Pod);

        Assert.Equal("""{"metadata":{"creationTimestamp":"2026-01-02T03:04:05Z","name":"web"},"spec":{"containers":[{"name":"c","resources":{"requests":{"cpu":"100m"}}}]}}""", json);
    }

    [Fact]
    public void WithoutManagedFields_SkipsFieldOwnership_AndKeepsTheRestOfTheMetadata()
    {
        const string json = """
            {"metadata":{"name":"web","labels":{"app":"web"},"resourceVersion":"7",
             "managedFields":[{"manager":"kubectl","operation":"Update","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{}}}}}]},
             "spec":{"nodeName":"n1","containers":[{"name":"c"}]}}
            """;

        var cached = JsonSerializer.Deserialize(json, KubeResources.Pods.WithoutManagedFields().Json)!;
        var full = JsonSerializer.Deserialize(json, KubeResources.Pods.Json)!;
        var list = JsonSerializer.Deserialize($$"""{"metadata":{"resourceVersion":"8"},"items":[{{json}}]}""", KubeResources.Pods.WithoutManagedFields().ListJson)!;

        Assert.Null(cached.Metadata.ManagedFields);
        Assert.Equal(("web", "web", "7", "n1"), (cached.Metadata.Name, cached.Metadata.Labels["app"], cached.Metadata.ResourceVersion, cached.Spec.NodeName));
        Assert.Equal("kubectl", Assert.Single(full.Metadata.ManagedFields).Manager);
        Assert.Null(Assert.Single(list.Items).Metadata.ManagedFields);
        Assert.Equal("8", list.Metadata.ResourceVersion);
    }

    [Fact]
    public void Time_WithAFraction_IsWrittenAsMicroTimeAndReadBack()
    {
        var spec = new V1LeaseSpec { RenewTime = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234560) };

        var json = JsonSerializer.Serialize(spec, ModelJsonContext.Default.V1LeaseSpec);
        var back = JsonSerializer.Deserialize(json, ModelJsonContext.Default.V1LeaseSpec)!;

        Assert.Equal("""{"renewTime":"2026-01-02T03:04:05.123456Z"}""", json);
        Assert.Equal(spec.RenewTime, back.RenewTime);
        Assert.Equal(DateTimeKind.Utc, back.RenewTime!.Value.Kind);
    }

    [Theory]
    [InlineData("2026-01-02T03:04:05Z")]
    [InlineData("2026-01-02T05:04:05+02:00")]
    [InlineData("2026-01-02T03:04:05")]
    public void Time_InAnyRfc3339Form_IsReadAsUtc(string text)
    {
        var spec = JsonSerializer.Deserialize($$"""{"renewTime":"{{text}}"}""", ModelJsonContext.Default.V1LeaseSpec)!;

        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), spec.RenewTime);
        Assert.Equal(DateTimeKind.Utc, spec.RenewTime!.Value.Kind);
    }

    [Fact]
    public void Deserialize_IntOrStringAndUnknownFields_AreRead()
    {
        var json = """{"spec":{"strategy":{"rollingUpdate":{"maxSurge":"25%","maxUnavailable":1}}},"extra":{"x":1}}""";

        var deployment = JsonSerializer.Deserialize(json, ModelJsonContext.Default.V1Deployment)!;

        Assert.Equal("25%", deployment.Spec.Strategy.RollingUpdate.MaxSurge.Value);
        Assert.Equal("1", deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
    }
}
