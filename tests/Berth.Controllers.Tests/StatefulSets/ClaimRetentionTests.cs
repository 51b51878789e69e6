using Berth.Controllers.StatefulSets;
using static Berth.Controllers.Tests.StatefulSets.StatefulSetFixtures;

namespace Berth.Controllers.Tests.StatefulSets;

public sealed class ClaimRetentionTests
{
    [Theory]
    // whenScaled, whenDeleted, pod scaled away → owners wanted (set, pod)
    [InlineData("Retain", "Retain", false, false, false)]
    [InlineData("Retain", "Retain", true, false, false)]
    [InlineData("Retain", "Delete", false, true, false)]
    [InlineData("Retain", "Delete", true, true, false)]
    [InlineData("Delete", "Retain", false, false, false)]
    [InlineData("Delete", "Retain", true, false, true)]
    [InlineData("Delete", "Delete", false, true, false)]
    [InlineData("Delete", "Delete", true, false, true)]
    public void OwnerRefs_FollowThePolicyTable(string whenScaled, string whenDeleted, bool scaledAway, bool setOwns, bool podOwns)
    {
        var set = Set(scaledAway ? 1 : 2, whenScaled: whenScaled, whenDeleted: whenDeleted);
        var pod = Pod(set, 1);
        var claim = Claim("data-web-1");

        var owners = ClaimRetention.OwnerRefs(claim, set, pod);

        Assert.Equal((setOwns, podOwns), (owners.Any(o => o.Uid == "set-uid"), owners.Any(o => o.Uid == "pod-1")));
        claim.Metadata.OwnerReferences = owners;
        Assert.True(ClaimRetention.IsUpToDate(claim, set, pod));
        Assert.Equal(!setOwns && !podOwns, ClaimRetention.IsUpToDate(Claim("data-web-1"), set, pod));
    }

    [Fact]
    public void AnotherController_IsLeftAlone()
    {
        var set = Set(2, whenDeleted: "Delete");
        var other = new k8s.Models.V1OwnerReference { ApiVersion = "example.com/v1", Kind = "Keeper", Name = "k", Uid = "k-uid", Controller = true };
        var claim = Claim("data-web-1", other);

        Assert.True(ClaimRetention.IsUpToDate(claim, set, Pod(set, 1)));
        Assert.Equal([other], ClaimRetention.OwnerRefs(claim, set, Pod(set, 1)));
    }

    [Fact]
    public void EarlierPodsReference_MakesTheClaimStaleOnlyWhenScaleDownDeletes()
    {
        var deleting = Set(2, whenScaled: "Delete");
        var retaining = Set(2);
        var claim = Claim("data-web-1", PodRef(Pod(deleting, 1), uid: "earlier"));

        Assert.True(ClaimRetention.IsStale(claim, deleting, Pod(deleting, 1)));
        Assert.False(ClaimRetention.IsStale(claim, retaining, Pod(retaining, 1)));
        Assert.False(ClaimRetention.IsStale(Claim("data-web-1", PodRef(Pod(deleting, 1))), deleting, Pod(deleting, 1)));
    }
}
