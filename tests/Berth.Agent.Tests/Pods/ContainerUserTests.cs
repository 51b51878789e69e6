using Berth.Agent.Pods;
using k8s.Models;

namespace Berth.Agent.Tests.Pods;

public sealed class ContainerUserTests
{
    private static (V1Pod Pod, V1Container Container) Pod(V1PodSecurityContext? pod = null, V1SecurityContext? container = null)
    {
        var c = new V1Container { Name = "c", SecurityContext = container };
        return (new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "ns", Uid = "u1" },
            Spec = new V1PodSpec { Containers = [c], SecurityContext = pod },
        }, c);
    }

    [Fact]
    public void For_ContainerOverridesThePod_AndAGroupAloneKeepsTheImageUser()
    {
        var (pod, container) = Pod(new V1PodSecurityContext { RunAsUser = 1000, RunAsGroup = 3000 }, new V1SecurityContext { RunAsUser = 2000 });
        Assert.Equal("2000:3000", ContainerUser.For(pod, container, "nobody"));

        (pod, container) = Pod(new V1PodSecurityContext { RunAsGroup = 3000 });
        Assert.Equal("nobody:3000", ContainerUser.For(pod, container, "nobody:65534"));
        Assert.Equal("0:3000", ContainerUser.For(pod, container, null));

        (pod, container) = Pod();
        Assert.Null(ContainerUser.For(pod, container, "nobody"));
    }

    [Theory]
    [InlineData(null, "", "container has runAsNonRoot and image will run as root (pod: \"p_ns(u1)\", container: c)")]
    [InlineData(null, "0:0", "container has runAsNonRoot and image will run as root (pod: \"p_ns(u1)\", container: c)")]
    [InlineData(null, "nobody", "container has runAsNonRoot and image has non-numeric user (nobody), cannot verify user is non-root (pod: \"p_ns(u1)\", container: c)")]
    [InlineData(0L, "1000", "container's runAsUser breaks non-root policy (pod: \"p_ns(u1)\", container: c)")]
    [InlineData(null, "1000", null)]
    [InlineData(1000L, "", null)]
    public void CheckNonRoot_RefusesWhatWouldRunAsRootInKubesWords(long? runAsUser, string imageUser, string? error)
    {
        var (pod, container) = Pod(new V1PodSecurityContext { RunAsNonRoot = true, RunAsUser = runAsUser });

        var thrown = Record.Exception(() => ContainerUser.CheckNonRoot(pod, container, imageUser));

        Assert.Equal(error, thrown?.Message);
        Assert.Equal(error is null ? null : "CreateContainerConfigError", (thrown as PodStartException)?.Reason);
    }
}
