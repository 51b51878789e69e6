using System.Text.Json.Nodes;
using Berth.DockerApi.Containers;
using Berth.Engine;
using Berth.Engine.Runtime;

namespace Berth.DockerApi.Tests.Containers;

public class ResourcesBodyTests
{
    private static JsonObject Body(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void Read_WhatDockerUpdateSends_ZerosAreNotSet()
    {
        var limits = ResourcesBody.Read(Body("""
            {"BlkioWeight":0,"CpuShares":512,"Memory":67108864,"NanoCpus":0,"CpuPeriod":0,"CpuQuota":0,"CpusetCpus":"0","CpusetMems":"",
             "MemoryReservation":0,"MemorySwap":-1,"PidsLimit":null,"RestartPolicy":{"Name":"always","MaximumRetryCount":0}}
            """));

        Assert.Equal(new ResourceLimits(64L << 20, CpuShares: 512) { CpusetCpus = "0", MemorySwap = -1 }, limits);
    }

    [Fact]
    public void Read_NanoCpusWithAPeriod_IsDockersConflict()
    {
        var error = Assert.Throws<InvalidArgumentException>(() => ResourcesBody.Read(Body("""{"NanoCpus":500000000,"CpuPeriod":50000}""")));

        Assert.Equal("Conflicting options: Nano CPUs and CPU Period cannot both be set", error.Message);
    }

    [Fact]
    public void Read_AStringForANumber_IsABadParameter()
    {
        Assert.Throws<InvalidArgumentException>(() => ResourcesBody.Read(Body("""{"Memory":"64m"}""")));
    }
}
