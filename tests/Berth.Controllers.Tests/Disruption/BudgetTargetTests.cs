using Berth.Controllers.Disruption;
using k8s.Models;

namespace Berth.Controllers.Tests.Disruption;

/// <summary>kube's getExpectedPodCount cases (disruption_test.go): counts and percentages over the pods or their controllers' scale.</summary>
public sealed class BudgetTargetTests
{
    private static V1Pod Pod(string name, string? ownerUid) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            OwnerReferences = ownerUid is null ? null : [new V1OwnerReference { Kind = "ReplicaSet", Name = "rs", Uid = ownerUid, Controller = true, ApiVersion = "apps/v1" }],
        },
    };

    private static V1PodDisruptionBudget Budget(string? minAvailable = null, string? maxUnavailable = null) => new()
    {
        Spec = new V1PodDisruptionBudgetSpec
        {
            MinAvailable = minAvailable is null ? null : (IntOrString)minAvailable,
            MaxUnavailable = maxUnavailable is null ? null : (IntOrString)maxUnavailable,
        },
    };

    [Theory]
    // budget, pods (owner uid or "-" for none), controller scale per uid, expected pods, desired healthy, unmanaged
    [InlineData("min:2", "a a a", "a=5", 3, 2, "")]
    [InlineData("min:50%", "a a a", "a=5", 5, 3, "")]
    [InlineData("min:50%", "a b", "a=3 b=4", 7, 4, "")]
    [InlineData("min:100%", "a", "a=3", 3, 3, "")]
    [InlineData("max:1", "a a a", "a=3", 3, 2, "")]
    [InlineData("max:25%", "a a a a", "a=4", 4, 3, "")]
    [InlineData("max:30%", "a a a", "a=3", 3, 2, "")]
    [InlineData("max:5", "a", "a=3", 3, 0, "")]
    [InlineData("max:1", "a - a", "a=2", 2, 1, "p1")]
    [InlineData("none", "a a", "a=2", 0, 0, "")]
    public void Of_CountsAsKube(string budget, string pods, string scales, int expected, int desired, string unmanaged)
    {
        var spec = budget.Split(':');
        var pdb = spec[0] switch
        {
            "min" => Budget(minAvailable: spec[1]),
            "max" => Budget(maxUnavailable: spec[1]),
            _ => Budget(),
        };
        var podList = pods.Split(' ').Select((owner, i) => Pod($"p{i}", owner == "-" ? null : owner)).ToList();
        var scaleByUid = scales.Split(' ').Select(s => s.Split('=')).ToDictionary(s => s[0], s => int.Parse(s[1], System.Globalization.CultureInfo.InvariantCulture));

        var target = BudgetTarget.Of(pdb, podList, pod => pod.Metadata.OwnerReferences?[0].Uid is { } uid ? new ControllerScale(uid, scaleByUid[uid]) : null);

        Assert.Equal((expected, desired, unmanaged), (target.ExpectedPods, target.DesiredHealthy, string.Join(",", target.UnmanagedPods)));
    }

    [Fact]
    public void Of_ControllerNotFound_IsAnErrorNamingThePod()
    {
        var error = Assert.Throws<InvalidOperationException>(() => BudgetTarget.Of(Budget(maxUnavailable: "1"), [Pod("web-1", "gone")], _ => null));
        Assert.Equal("found no controllers for pod \"web-1\"", error.Message);
    }

    [Fact]
    public void Of_IntegerMinAvailable_NeedsNoControllers()
    {
        var target = BudgetTarget.Of(Budget(minAvailable: "1"), [Pod("a", null), Pod("b", "x")], _ => throw new InvalidOperationException("not asked"));
        Assert.Equal((2, 1), (target.ExpectedPods, target.DesiredHealthy));
    }
}
