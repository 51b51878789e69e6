using Berth.Controllers.DaemonSets;
using Berth.Controllers.Machinery;
using k8s.Models;
using static Berth.Controllers.Tests.DaemonSets.DaemonSetFixtures;

namespace Berth.Controllers.Tests.DaemonSets;

public sealed class DaemonPodsTests
{
    [Fact]
    public void NewPod_AffinityForItsNodeWithRevisionLabelsAndAutomaticTolerations()
    {
        var ds = DaemonSet();
        ds.Spec.Template.Spec.Tolerations = [new V1Toleration { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 30 }];
        ds.Spec.Template.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                {
                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "disk", OperatorProperty = "Exists" }] }],
                },
            },
        };

        var pod = DaemonPods.NewPod(ds, ControllerRefs.To("apps/v1", "DaemonSet", ds.Metadata), "h1", "n2");

        // The scheduler binds it: nodeName stays empty, the node is in the affinity.
        Assert.Equal(("agent-", null, "n2"), (pod.Metadata.GenerateName, pod.Spec.NodeName, DaemonPods.TargetNode(pod)));
        Assert.Equal(("h1", "3"), (pod.Metadata.Labels["controller-revision-hash"], pod.Metadata.Labels["pod-template-generation"]));
        var term = Assert.Single(pod.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms);
        Assert.Equal(("metadata.name", "In", "n2"), (term.MatchFields[0].Key, term.MatchFields[0].OperatorProperty, term.MatchFields[0].Values.Single()));
        Assert.Null(term.MatchExpressions);
        // The user's unreachable toleration with seconds is replaced by the automatic one without.
        Assert.Equal(6, pod.Spec.Tolerations.Count);
        Assert.Null(pod.Spec.Tolerations.Single(t => t.Key == "node.kubernetes.io/unreachable").TolerationSeconds);
        Assert.Null(ds.Spec.Template.Spec.NodeName);
    }

    [Fact]
    public void TargetNode_TheBoundNodeFirst()
    {
        var pod = Pod(DaemonSet(), "n3");
        pod.Spec.NodeName = "n1";

        Assert.Equal("n1", DaemonPods.TargetNode(pod));
    }
}
