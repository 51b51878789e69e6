using Berth.Client.Storage;
using k8s.Models;

namespace Berth.Client.Tests.Storage;

public sealed class VolumeClaimMatcherTests
{
    private static V1PersistentVolumeClaim Claim(string size = "1Gi", string? className = "fast", string[]? modes = null, Dictionary<string, string>? selector = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "data", NamespaceProperty = "ns", Uid = "claim-uid" },
        Spec = new V1PersistentVolumeClaimSpec
        {
            StorageClassName = className,
            AccessModes = modes ?? ["ReadWriteOnce"],
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) } },
            Selector = selector is null ? null : new V1LabelSelector { MatchLabels = selector },
        },
    };

    private static V1PersistentVolume Volume(string name, string size, string className = "fast", string[]? modes = null, V1ObjectReference? claimRef = null,
        string? phase = "Available", Dictionary<string, string>? labels = null) => new()
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labels },
            Spec = new V1PersistentVolumeSpec
            {
                StorageClassName = className,
                AccessModes = modes ?? ["ReadWriteOnce", "ReadOnlyMany"],
                Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) },
                ClaimRef = claimRef,
            },
            Status = new V1PersistentVolumeStatus { Phase = phase },
        };

    private static string? Match(V1PersistentVolumeClaim claim, bool delayBinding = false, params V1PersistentVolume[] volumes) =>
        VolumeClaimMatcher.Find(claim, volumes, _ => true, delayBinding: delayBinding)?.Metadata.Name;

    [Fact]
    public void TheSmallestVolumeThatFitsWins() =>
        Assert.Equal("two", Match(Claim(), false, Volume("five", "5Gi"), Volume("half", "512Mi"), Volume("two", "2Gi")));

    [Fact]
    public void ClassAccessModesAndSelectorMustMatch()
    {
        Assert.Null(Match(Claim(className: "slow"), false, Volume("a", "2Gi")));
        Assert.Null(Match(Claim(modes: ["ReadWriteMany"]), false, Volume("a", "2Gi")));
        Assert.Equal("b", Match(Claim(selector: new() { ["tier"] = "db" }), false, Volume("a", "2Gi"), Volume("b", "3Gi", labels: new() { ["tier"] = "db" })));
    }

    [Fact]
    public void AClaimedOrReleasedVolumeIsNotTaken_ButOnePreBoundToTheClaimIs()
    {
        var other = new V1ObjectReference { Name = "other", NamespaceProperty = "ns", Uid = "x" };
        var mine = new V1ObjectReference { Name = "data", NamespaceProperty = "ns" };
        Assert.Null(Match(Claim(), false, Volume("a", "2Gi", claimRef: other, phase: "Bound"), Volume("b", "2Gi", phase: "Released")));
        Assert.Equal("big", Match(Claim(), false, Volume("small", "1Gi"), Volume("big", "9Gi", claimRef: mine)));
    }

    [Fact]
    public void DelayedBindingOnlyTakesPreBoundVolumes()
    {
        Assert.Null(Match(Claim(), true, Volume("a", "2Gi")));
        var bound = new V1ObjectReference { Name = "data", NamespaceProperty = "ns", Uid = "claim-uid" };
        Assert.Equal("b", Match(Claim(), true, Volume("a", "2Gi"), Volume("b", "2Gi", claimRef: bound, phase: "Pending")));
    }
}
