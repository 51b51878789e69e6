using Berth.Client.Scheduling;
using k8s.Models;

namespace Berth.Client.Tests.Scheduling;

/// <summary>Cases after component-helpers' nodeaffinity_test.go: terms ORed, requirements ANDed, bad terms match nothing.</summary>
public class NodeAffinityTests
{
    private static readonly V1Node Node = new()
    {
        Metadata = new V1ObjectMeta { Name = "node-1", Labels = new Dictionary<string, string> { ["foo"] = "bar", ["zone"] = "a", ["gpus"] = "4" } },
    };

    private static V1NodeSelectorRequirement Expr(string key, string op, params string[] values) =>
        new() { Key = key, OperatorProperty = op, Values = values.Length == 0 ? null : values };

    private static V1NodeSelectorRequirement Field(string op, params string[] values) =>
        new() { Key = "metadata.name", OperatorProperty = op, Values = values };

    public static TheoryData<string, V1NodeSelectorTerm[], bool> Selectors => new()
    {
        { "In matches", [new() { MatchExpressions = [Expr("foo", "In", "bar", "baz")] }], true },
        { "In misses", [new() { MatchExpressions = [Expr("foo", "In", "baz")] }], false },
        { "NotIn of another value", [new() { MatchExpressions = [Expr("foo", "NotIn", "baz")] }], true },
        { "NotIn of a missing label", [new() { MatchExpressions = [Expr("missing", "NotIn", "x")] }], true },
        { "Exists", [new() { MatchExpressions = [Expr("zone", "Exists")] }], true },
        { "DoesNotExist of a present label", [new() { MatchExpressions = [Expr("zone", "DoesNotExist")] }], false },
        { "Gt", [new() { MatchExpressions = [Expr("gpus", "Gt", "3")] }], true },
        { "Gt equal", [new() { MatchExpressions = [Expr("gpus", "Gt", "4")] }], false },
        { "Lt", [new() { MatchExpressions = [Expr("gpus", "Lt", "5")] }], true },
        { "Gt of a non-number label", [new() { MatchExpressions = [Expr("foo", "Gt", "1")] }], false },
        { "requirements ANDed", [new() { MatchExpressions = [Expr("foo", "In", "bar"), Expr("zone", "In", "b")] }], false },
        { "terms ORed", [new() { MatchExpressions = [Expr("zone", "In", "b")] }, new() { MatchExpressions = [Expr("zone", "In", "a")] }], true },
        { "empty term matches nothing", [new()], false },
        { "no terms", [], false },
        { "invalid operator term skipped", [new() { MatchExpressions = [Expr("foo", "Equals", "bar")] }], false },
        { "In without values is invalid", [new() { MatchExpressions = [Expr("foo", "In")] }], false },
        { "Gt with two values is invalid", [new() { MatchExpressions = [Expr("gpus", "Gt", "1", "2")] }], false },
        { "an invalid term does not stop a later valid one", [new() { MatchExpressions = [Expr("foo", "Bogus")] }, new() { MatchExpressions = [Expr("foo", "In", "bar")] }], true },
        { "matchFields In the name", [new() { MatchFields = [Field("In", "node-1")] }], true },
        { "matchFields In another name", [new() { MatchFields = [Field("In", "node-2")] }], false },
        { "matchFields NotIn", [new() { MatchFields = [Field("NotIn", "node-2")] }], true },
        { "matchFields with labels ANDed", [new() { MatchExpressions = [Expr("foo", "In", "bar")], MatchFields = [Field("In", "node-2")] }], false },
        { "matchFields of another field is invalid", [new() { MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.uid", OperatorProperty = "In", Values = ["x"] }] }], false },
    };

    [Theory]
    [MemberData(nameof(Selectors))]
    public void NodeSelector_Matches_AsKubeDoes(string name, V1NodeSelectorTerm[] terms, bool expected)
    {
        var matcher = NodeSelectorMatcher.From(new V1NodeSelector { NodeSelectorTerms = terms });

        Assert.True(expected == matcher.Matches(Node), name);
    }

    [Fact]
    public void RequiredNodeAffinity_NodeSelectorAndAffinity_BothMustHold()
    {
        var pod = new V1Pod
        {
            Spec = new V1PodSpec
            {
                NodeSelector = new Dictionary<string, string> { ["foo"] = "bar" },
                Affinity = new V1Affinity
                {
                    NodeAffinity = new V1NodeAffinity
                    {
                        RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = [new() { MatchExpressions = [Expr("zone", "In", "b")] }] },
                    },
                },
            },
        };

        Assert.False(RequiredNodeAffinity.Of(pod).Matches(Node));
        pod.Spec.Affinity = null;
        Assert.True(RequiredNodeAffinity.Of(pod).Matches(Node));
        pod.Spec.NodeSelector["foo"] = "baz";
        Assert.False(RequiredNodeAffinity.Of(pod).Matches(Node));
    }

    [Fact]
    public void RequiredNodeAffinity_NoRequirement_MatchesAnyNode()
    {
        var affinity = RequiredNodeAffinity.Of(new V1Pod { Spec = new V1PodSpec() });

        Assert.True(affinity.IsAnywhere);
        Assert.True(affinity.Matches(new V1Node { Metadata = new V1ObjectMeta { Name = "bare" } }));
    }

    [Fact]
    public void PreferredSchedulingTerms_Score_SumsWeightsOfMatchingTerms()
    {
        var terms = PreferredSchedulingTerms.From(
        [
            new V1PreferredSchedulingTerm { Weight = 5, Preference = new() { MatchExpressions = [Expr("foo", "In", "bar")] } },
            new V1PreferredSchedulingTerm { Weight = 3, Preference = new() { MatchExpressions = [Expr("zone", "In", "a")] } },
            new V1PreferredSchedulingTerm { Weight = 7, Preference = new() { MatchExpressions = [Expr("zone", "In", "b")] } },
            new V1PreferredSchedulingTerm { Weight = 0, Preference = new() { MatchExpressions = [Expr("foo", "Exists")] } },
            new V1PreferredSchedulingTerm { Weight = 9, Preference = new() },
        ]);

        Assert.Equal(8, terms.Score(Node));
    }
}
