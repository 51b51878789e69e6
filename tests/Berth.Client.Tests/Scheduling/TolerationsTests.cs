using Berth.Client.Scheduling;
using k8s.Models;

namespace Berth.Client.Tests.Scheduling;

/// <summary>Cases after k8s.io/api's toleration_test.go and component-helpers' helpers_test.go.</summary>
public class TolerationsTests
{
    private static readonly V1Taint Taint = new() { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" };

    [Theory]
    [InlineData("dedicated", "Equal", "gpu", "NoSchedule", true)]
    [InlineData("dedicated", null, "gpu", "NoSchedule", true)]
    [InlineData("dedicated", "Equal", "cpu", "NoSchedule", false)]
    [InlineData("dedicated", "Exists", null, "NoSchedule", true)]
    [InlineData("dedicated", "Exists", null, null, true)]
    [InlineData("dedicated", "Exists", null, "NoExecute", false)]
    [InlineData(null, "Exists", null, null, true)]
    [InlineData("other", "Exists", null, null, false)]
    [InlineData("dedicated", "Lt", "gpu", "NoSchedule", false)]
    public void Tolerates_MatchesKeyEffectAndValue(string? key, string? op, string? value, string? effect, bool expected)
    {
        var toleration = new V1Toleration { Key = key, OperatorProperty = op, Value = value, Effect = effect };

        Assert.Equal(expected, Tolerations.Tolerates(toleration, Taint));
    }

    [Fact]
    public void FindUntolerated_SkipsTaintsTheFilterLeavesOut()
    {
        V1Taint[] taints =
        [
            new() { Key = "soft", Effect = "PreferNoSchedule" },
            new() { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" },
            new() { Key = "node.kubernetes.io/unreachable", Effect = "NoExecute" },
        ];
        V1Toleration[] tolerations = [new() { Key = "dedicated", OperatorProperty = "Exists" }];

        var untolerated = Tolerations.FindUntolerated(taints, tolerations, Tolerations.DoNotSchedule);

        Assert.Equal("node.kubernetes.io/unreachable", untolerated?.Key);
        Assert.Null(Tolerations.FindUntolerated(taints[..2], tolerations, Tolerations.DoNotSchedule));
    }
}
