using System.Text.Json.Nodes;
using Berth.Controllers.VolumeProtection;
using k8s.Models;

namespace Berth.Controllers.Tests.VolumeProtection;

public sealed class ProtectionFinalizerTests
{
    [Fact]
    public void AddPatch_KeepsOtherFinalizers_AndIsGuardedByTheResourceVersion()
    {
        var metadata = new V1ObjectMeta { Name = "data", ResourceVersion = "41", Finalizers = ["example.com/keep"] };

        var patch = JsonNode.Parse(ProtectionFinalizer.Claim.AddPatch(metadata))!.AsArray();

        Assert.Equal("""{"op":"test","path":"/metadata/resourceVersion","value":"41"}""", patch[0]!.ToJsonString());
        Assert.Equal("""{"op":"add","path":"/metadata/finalizers","value":["example.com/keep","kubernetes.io/pvc-protection"]}""", patch[1]!.ToJsonString());
    }

    [Fact]
    public void RemovePatch_DropsOnlyItsOwnFinalizer()
    {
        var metadata = new V1ObjectMeta { Name = "pv", ResourceVersion = "7", Finalizers = ["kubernetes.io/pv-protection", "example.com/keep"] };

        var patch = JsonNode.Parse(ProtectionFinalizer.Volume.RemovePatch(metadata))!.AsArray();

        Assert.Equal("""["example.com/keep"]""", patch[1]!["value"]!.ToJsonString());
    }

    [Fact]
    public void IsMissing_OnlyForALiveObjectWithoutIt()
    {
        Assert.True(ProtectionFinalizer.Claim.IsMissing(new V1ObjectMeta()));
        Assert.False(ProtectionFinalizer.Claim.IsMissing(new V1ObjectMeta { Finalizers = ["kubernetes.io/pvc-protection"] }));
        Assert.False(ProtectionFinalizer.Claim.IsMissing(new V1ObjectMeta { DeletionTimestamp = DateTime.UtcNow }));
    }
}
