using Berth.Controllers.VolumeProtection;
using k8s.Models;

namespace Berth.Controllers.Tests.VolumeProtection;

public sealed class ClaimUsersTests
{
    [Theory]
    [InlineData("Pending", true)]
    [InlineData("Running", true)]
    [InlineData("Unknown", true)]
    [InlineData("Succeeded", false)]
    [InlineData("Failed", false)]
    public void APodUsesItsClaim_UntilItFinished(string phase, bool uses) =>
        Assert.Equal(uses, ClaimUsers.Uses(Pod("app", phase, new V1Volume { Name = "v", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = "data" } }), "data"));

    [Fact]
    public void AGenericEphemeralVolume_UsesTheClaimNamedAfterPodAndVolume()
    {
        var pod = Pod("app", "Running", new V1Volume { Name = "scratch", Ephemeral = new V1EphemeralVolumeSource() });

        Assert.True(ClaimUsers.Uses(pod, "app-scratch"));
        Assert.False(ClaimUsers.Uses(pod, "data"));
    }

    private static V1Pod Pod(string name, string phase, V1Volume volume) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1PodSpec { Containers = [], Volumes = [volume] },
        Status = new V1PodStatus { Phase = phase },
    };
}
