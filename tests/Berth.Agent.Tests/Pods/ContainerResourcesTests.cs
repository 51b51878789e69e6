using Berth.Agent.Pods;
using Berth.Engine.Runtime;
using k8s.Models;

namespace Berth.Agent.Tests.Pods;

public sealed class ContainerResourcesTests
{
    private static V1Container Container(string? requestCpu = null, string? limitCpu = null, string? limitMemory = null) => new()
    {
        Name = "c",
        Resources = new V1ResourceRequirements
        {
            Requests = requestCpu is null ? null : new Dictionary<string, ResourceQuantity> { ["cpu"] = new(requestCpu) },
            Limits = new[] { ("cpu", limitCpu), ("memory", limitMemory) }.Where(l => l.Item2 is not null)
                .ToDictionary(l => l.Item1, l => new ResourceQuantity(l.Item2)),
        },
    };

    [Theory]
    [InlineData(null, null, null, null, null, 2UL)]
    [InlineData("250m", null, null, null, null, 256UL)]
    [InlineData("1m", null, null, null, null, 2UL)]
    [InlineData(null, "500m", "64Mi", 67108864L, 0.5, 512UL)]
    [InlineData("100m", "2", "1Gi", 1073741824L, 2.0, 102UL)]
    public void LimitsFor_MemoryLimitCpuQuotaAndSharesFromTheRequest(string? requestCpu, string? limitCpu, string? limitMemory, long? memory, double? cpus, ulong shares) =>
        Assert.Equal(new ResourceLimits(MemoryBytes: memory, Cpus: cpus, CpuShares: shares), ContainerResources.LimitsFor(Container(requestCpu, limitCpu, limitMemory)));
}
