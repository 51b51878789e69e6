using Berth.Agent.Nodes;
using k8s.Models;

namespace Berth.Agent.Tests.Nodes;

public class NodeReserveTests
{
    [Theory]
    [InlineData("cpu=100m,memory=256Mi", 0.1, 268435456)]
    [InlineData("memory=1Gi", 0, 1073741824)]
    [InlineData(" cpu=1 ", 1, 0)]
    [InlineData("", 0, 0)]
    public void Parse_Pairs_ReserveThoseResources(string text, double cpu, long memory)
    {
        var reserve = NodeReserve.Parse(text);

        Assert.Equal((decimal)cpu, reserve.Cpu);
        Assert.Equal(memory, reserve.MemoryBytes);
    }

    [Theory]
    [InlineData("gpu=1", "only cpu and memory")]
    [InlineData("cpu", "expected RESOURCE=QUANTITY")]
    [InlineData("memory=lots", "\"lots\" is not a quantity")]
    [InlineData("cpu=-1", "negative")]
    public void Parse_BadText_SaysWhatIsWrong(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => NodeReserve.Parse(text));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Allocatable_SubtractsTheReserve_AndKeepsOtherResources()
    {
        var capacity = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new("2"),
            ["memory"] = new("4000000Ki"),
            ["pods"] = new("110"),
        };

        var allocatable = NodeReserve.Parse("cpu=250m,memory=1000000Ki").Allocatable(capacity);

        Assert.Equal(1.75m, allocatable["cpu"].ToDecimal());
        Assert.Equal(3000000m * 1024, allocatable["memory"].ToDecimal());
        Assert.Equal(110m, allocatable["pods"].ToDecimal());
    }

    [Fact]
    public void Allocatable_ReserveAboveCapacity_IsZero()
    {
        var capacity = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1"), ["memory"] = new("1Mi") };

        var allocatable = NodeReserve.Parse("cpu=2,memory=1Gi").Allocatable(capacity);

        Assert.Equal(0m, allocatable["cpu"].ToDecimal());
        Assert.Equal(0m, allocatable["memory"].ToDecimal());
    }
}
