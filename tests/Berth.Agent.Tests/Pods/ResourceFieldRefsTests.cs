using Berth.Agent.Pods;
using k8s.Models;

namespace Berth.Agent.Tests.Pods;

public class ResourceFieldRefsTests
{
    private static readonly Dictionary<string, ResourceQuantity> Allocatable = new() { ["cpu"] = new("1900m"), ["memory"] = new("4Gi"), ["ephemeral-storage"] = new("10Gi") };

    private static readonly V1Container Container = new()
    {
        Name = "app",
        Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m"), ["memory"] = new("32Mi") },
            Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m"), ["memory"] = new("100M") },
        },
    };

    [Theory]
    [InlineData("limits.cpu", null, "1")]
    [InlineData("limits.cpu", "1m", "500")]
    [InlineData("requests.cpu", "100m", "3")]
    [InlineData("requests.memory", "1Mi", "32")]
    [InlineData("limits.memory", null, "100000000")]
    [InlineData("limits.memory", "1Mi", "96")]
    [InlineData("limits.ephemeral-storage", "1Gi", "10")]
    [InlineData("requests.ephemeral-storage", null, "0")]
    public void Resolve_DividesByTheDivisorRoundingUp_UnsetLimitsAreTheNodesAllocatable(string resource, string? divisor, string expected)
    {
        Assert.Equal(expected, ResourceFieldRefs.Resolve(Container, resource, divisor is null ? null : new ResourceQuantity(divisor), Allocatable));
    }

    [Fact]
    public void Resolve_ContainerWithoutResources_CpuLimitIsTheAllocatableInWholeCpusRoundedUp()
    {
        Assert.Equal("2", ResourceFieldRefs.Resolve(new V1Container { Name = "bare" }, "limits.cpu", null, Allocatable));
        Assert.Equal("1900", ResourceFieldRefs.Resolve(new V1Container { Name = "bare" }, "limits.cpu", new ResourceQuantity("1m"), Allocatable));
        Assert.Equal("0", ResourceFieldRefs.Resolve(new V1Container { Name = "bare" }, "requests.cpu", null, Allocatable));
    }

    [Fact]
    public void Resolve_UnsupportedResource_IsAConfigErrorInKubesWords()
    {
        var error = Assert.Throws<PodStartException>(() => ResourceFieldRefs.Resolve(Container, "limits.pods", null, Allocatable));

        Assert.Equal("CreateContainerConfigError", error.Reason);
        Assert.Equal("unsupported container resource : limits.pods", error.Message);
    }
}
