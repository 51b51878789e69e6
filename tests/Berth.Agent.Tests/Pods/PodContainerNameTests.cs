using Berth.Agent.Pods;

namespace Berth.Agent.Tests.Pods;

public class PodContainerNameTests
{
    [Fact]
    public void ToString_ThenTryParse_RoundTrips()
    {
        var name = new PodContainerName("web", "web-7d9f.x", "default", "0b6f6a5e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", 3);

        Assert.Equal("k8s_web_web-7d9f.x_default_0b6f6a5e-1c2d-4e5f-8a9b-0c1d2e3f4a5b_3", name.ToString());
        Assert.Equal(name, PodContainerName.TryParse(name.ToString()));
    }

    [Theory]
    [InlineData("quirky_turing")]
    [InlineData("k8s_web_pod_ns_uid_x")]
    [InlineData("k8s_web_pod_ns_uid")]
    public void TryParse_OtherContainerNames_AreNotAPods(string name) => Assert.Null(PodContainerName.TryParse(name));
}
