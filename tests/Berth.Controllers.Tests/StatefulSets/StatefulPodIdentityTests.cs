using Berth.Controllers.StatefulSets;
using k8s.Models;
using static Berth.Controllers.Tests.StatefulSets.StatefulSetFixtures;

namespace Berth.Controllers.Tests.StatefulSets;

public sealed class StatefulPodIdentityTests
{
    [Theory]
    [InlineData("web-0", "web", 0)]
    [InlineData("web-12", "web", 12)]
    [InlineData("my-web-3", "my-web", 3)]
    [InlineData("web", "", -1)]
    [InlineData("web-", "", -1)]
    [InlineData("web-x1", "", -1)]
    [InlineData("web-99999999999", "web", -1)]
    public void ParentAndOrdinal_ReadFromTheName(string name, string parent, int ordinal)
    {
        Assert.Equal((parent, ordinal), StatefulPodIdentity.ParentAndOrdinal(name));
    }

    [Fact]
    public void NewPod_HasItsStableIdentityAndItsOwnClaim()
    {
        var set = Set(3);
        set.Spec.Template.Spec.Volumes = [new V1Volume { Name = "data", EmptyDir = new V1EmptyDirVolumeSource() }, new V1Volume { Name = "cache", EmptyDir = new V1EmptyDirVolumeSource() }];

        var pod = StatefulPodIdentity.NewPod(set, set.Spec.Template, 2, "web-abc");

        Assert.Equal(("web-2", "ns", "web-2", "web"), (pod.Metadata.Name, pod.Metadata.NamespaceProperty, pod.Spec.Hostname, pod.Spec.Subdomain));
        Assert.Equal(new Dictionary<string, string>
        {
            ["app"] = "web",
            [StatefulPodIdentity.PodNameLabel] = "web-2",
            [StatefulPodIdentity.PodIndexLabel] = "2",
            [StatefulPodIdentity.RevisionLabel] = "web-abc",
        }, pod.Metadata.Labels);
        Assert.Equal([("data", "data-web-2"), ("cache", null)], pod.Spec.Volumes.Select(v => (v.Name, v.PersistentVolumeClaim?.ClaimName)));
        Assert.Equal(("StatefulSet", "set-uid", true), (pod.Metadata.OwnerReferences[0].Kind, pod.Metadata.OwnerReferences[0].Uid, pod.Metadata.OwnerReferences[0].Controller));
        Assert.True(StatefulPodIdentity.IdentityMatches(set, pod));
        Assert.True(StatefulPodIdentity.StorageMatches(set, pod));
    }

    [Fact]
    public void Claims_NamedForThePodAndLabelledWithTheSelector()
    {
        var set = Set(3);
        set.Spec.VolumeClaimTemplates[0].Metadata.Labels = new Dictionary<string, string> { ["tier"] = "db" };

        var (template, claim) = Assert.Single(StatefulPodIdentity.Claims(set, 1));

        Assert.Equal(("data", "data-web-1", "ns"), (template, claim.Metadata.Name, claim.Metadata.NamespaceProperty));
        Assert.Equal(new Dictionary<string, string> { ["tier"] = "db", ["app"] = "web" }, claim.Metadata.Labels);
        Assert.Null(set.Spec.VolumeClaimTemplates[0].Metadata.NamespaceProperty);
    }

    [Theory]
    [InlineData(0, 3, 2, true)]
    [InlineData(0, 3, 3, false)]
    [InlineData(5, 2, 4, false)]
    [InlineData(5, 2, 6, true)]
    public void InRange_FromTheStartOrdinal(int start, int replicas, int ordinal, bool expected)
    {
        var set = Set(replicas);
        set.Spec.Ordinals = new V1StatefulSetOrdinals { Start = start };

        Assert.Equal(expected, StatefulPodIdentity.InRange(set, Pod(set, ordinal)));
    }
}
