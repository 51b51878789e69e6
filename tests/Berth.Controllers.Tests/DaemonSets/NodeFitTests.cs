using Berth.Controllers.DaemonSets;
using k8s.Models;
using static Berth.Controllers.Tests.DaemonSets.DaemonSetFixtures;

namespace Berth.Controllers.Tests.DaemonSets;

public sealed class NodeFitTests
{
    /// <summary>A taint "key=value:Effect" on the node; a toleration "key=value:Effect", "key:Exists" or none.</summary>
    [Theory]
    [InlineData(null, null, true, true)]
    [InlineData("dedicated=infra:NoSchedule", null, false, true)]
    [InlineData("dedicated=infra:NoExecute", null, false, false)]
    [InlineData("dedicated=infra:PreferNoSchedule", null, true, true)]
    [InlineData("dedicated=infra:NoExecute", "dedicated=infra:NoExecute", true, true)]
    [InlineData("dedicated=infra:NoExecute", "dedicated=other:NoExecute", false, false)]
    [InlineData("dedicated=infra:NoSchedule", "dedicated:Exists", true, true)]
    // The automatic tolerations: an unreachable or not-ready node keeps its daemon, a cordoned or pressured one still gets one.
    [InlineData("node.kubernetes.io/unreachable=:NoExecute", null, true, true)]
    [InlineData("node.kubernetes.io/not-ready=:NoExecute", null, true, true)]
    [InlineData("node.kubernetes.io/unschedulable=:NoSchedule", null, true, true)]
    [InlineData("node.kubernetes.io/memory-pressure=:NoSchedule", null, true, true)]
    [InlineData("node.kubernetes.io/network-unavailable=:NoSchedule", null, false, true)]
    public void Taints_NoScheduleKeepsNewPodsOff_NoExecuteEvicts(string? taint, string? toleration, bool shouldRun, bool shouldContinue)
    {
        var ds = DaemonSet();
        if (toleration is not null)
        {
            ds.Spec.Template.Spec.Tolerations = [toleration.EndsWith(":Exists", StringComparison.Ordinal)
                ? new V1Toleration { Key = toleration.Split(':')[0], OperatorProperty = "Exists" }
                : new V1Toleration { Key = Parse(toleration).Key, Value = Parse(toleration).Value, Effect = Parse(toleration).Effect, OperatorProperty = "Equal" }];
        }
        var node = taint is null ? Node("n1") : Node("n1", null, Parse(taint));

        Assert.Equal(new NodeFit(shouldRun, shouldContinue), NodeFit.Of(ds, node));
    }

    private static V1Taint Parse(string taint)
    {
        var (keyValue, effect) = (taint.Split(':')[0], taint.Split(':')[1]);
        var value = keyValue.Split('=')[1];
        return new V1Taint { Key = keyValue.Split('=')[0], Value = value.Length == 0 ? null : value, Effect = effect };
    }

    [Fact]
    public void HostNetwork_ToleratesNetworkUnavailable()
    {
        var ds = DaemonSet();
        ds.Spec.Template.Spec.HostNetwork = true;

        Assert.Equal(new NodeFit(true, true), NodeFit.Of(ds, Node("n1", null, Taint("node.kubernetes.io/network-unavailable", "NoSchedule"))));
    }

    [Theory]
    [InlineData("disk=ssd", null, "n1", true)]
    [InlineData("disk=hdd", null, "n1", false)]
    [InlineData("", null, "n1", false)]
    [InlineData("disk=ssd", "In:ssd,nvme", "n1", true)]
    [InlineData("disk=hdd", "In:ssd,nvme", "n1", false)]
    [InlineData("disk=hdd", "NotIn:ssd", "n1", true)]
    public void NodeSelectorAndAffinity_ChooseNodesByLabel(string nodeLabel, string? affinity, string nodeName, bool shouldRun)
    {
        var ds = DaemonSet();
        if (affinity is null)
        {
            ds.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["disk"] = "ssd" };
        }
        else
        {
            var (op, values) = (affinity.Split(':')[0], affinity.Split(':')[1].Split(','));
            ds.Spec.Template.Spec.Affinity = new V1Affinity
            {
                NodeAffinity = new V1NodeAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                    {
                        NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "disk", OperatorProperty = op, Values = values }] }],
                    },
                },
            };
        }
        var labels = nodeLabel.Length == 0 ? null : new Dictionary<string, string> { [nodeLabel.Split('=')[0]] = nodeLabel.Split('=')[1] };

        Assert.Equal(new NodeFit(shouldRun, shouldRun), NodeFit.Of(ds, Node(nodeName, labels)));
    }

    [Fact]
    public void TemplateNodeName_OnlyThatNode()
    {
        var ds = DaemonSet();
        ds.Spec.Template.Spec.NodeName = "n2";

        Assert.Equal((false, true), (NodeFit.Of(ds, Node("n1")).ShouldRun, NodeFit.Of(ds, Node("n2")).ShouldRun));
    }
}
