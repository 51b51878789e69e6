using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Tests.Framework;

public class PodInfoTests
{
    public static TheoryData<string, MakePod, long, long, long, long> Requests => new()
    {
        { "no requests: zero, and the scoring defaults", new MakePod(), 0, 0, 100, 200L << 20 },
        { "one container's requests", new MakePod().Req("cpu=500m,memory=1Gi"), 500, 1L << 30, 500, 1L << 30 },
        { "a container without requests adds only the defaults", new MakePod().Req("cpu=1").Container(""), 1000, 0, 1100, 400L << 20 },
        { "an init container above the sum is the floor", new MakePod().Req("cpu=1").Init("cpu=3,memory=1Gi"), 3000, 1L << 30, 3000, 1L << 30 },
        { "a sidecar adds to the sum and to later init containers", new MakePod().Req("cpu=1").Init("cpu=1", sidecar: true).Init("cpu=1500m"), 2500, 0, 2500, 400L << 20 },
        { "overhead on top", new MakePod().Req("cpu=1").Overhead("cpu=250m,memory=10Mi"), 1250, 10L << 20, 1250, 210L << 20 },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Requests_SumContainersWithInitFloorSidecarsAndOverhead(string name, MakePod pod, long cpu, long memory, long nonZeroCpu, long nonZeroMemory)
    {
        var info = pod.Info();

        Assert.True((info.Requests.MilliCpu, info.Requests.Memory, info.NonZeroMilliCpu, info.NonZeroMemory) == (cpu, memory, nonZeroCpu, nonZeroMemory),
            $"{name}: {(info.Requests.MilliCpu, info.Requests.Memory, info.NonZeroMilliCpu, info.NonZeroMemory)}");
    }

    [Fact]
    public void APodWithoutPortsAffinityOrClaims_HasNone()
    {
        var info = new MakePod().Req("cpu=1").Info();

        Assert.Empty(info.HostPorts);
        Assert.Empty(info.RequiredAffinityTerms);
        Assert.Empty(info.PreferredAntiAffinityTerms);
        Assert.Empty(info.ClaimKeys);
    }

    [Fact]
    public void PortsAffinityAndClaims_AreReadFromTheSpec()
    {
        var info = new MakePod("web").HostPort(8080).Claim("data").PodAntiAffinity("zone", "app", "web").PreferredPodAffinity(5, "zone", "app", "db").Info();

        Assert.Equal([HostPort.Of(null, "TCP", 8080)], info.HostPorts);
        Assert.Single(info.RequiredAntiAffinityTerms);
        Assert.Equal(5, Assert.Single(info.PreferredAffinityTerms).Weight);
        Assert.Equal(["default/data"], info.ClaimKeys);
    }
}
