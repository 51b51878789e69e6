using Berth.Controllers.ClusterRoleAggregation;
using k8s.Models;

namespace Berth.Controllers.Tests.ClusterRoleAggregation;

public class AggregatedRulesTests
{
    private static readonly V1ClusterRole View = Aggregating("view", "aggregate-to-view");

    [Fact]
    public void For_SelectedRoles_GivesTheirRulesByRoleName()
    {
        var roles = new[]
        {
            View,
            Role("z-pods", ["aggregate-to-view"], Rule("get", "pods")),
            Role("a-services", ["aggregate-to-view"], Rule("list", "services")),
            Role("unlabelled", [], Rule("delete", "secrets")),
        };

        var rules = AggregatedRules.For(View, roles);

        Assert.Equal(["services", "pods"], rules.Select(r => r.Resources.Single()));
    }

    [Fact]
    public void For_RuleHeldTwice_AppearsOnce()
    {
        var roles = new[] { View, Role("a", ["aggregate-to-view"], Rule("get", "pods")), Role("b", ["aggregate-to-view"], Rule("get", "pods"), Rule("get", "nodes")) };

        var rules = AggregatedRules.For(View, roles);

        Assert.Equal(["pods", "nodes"], rules.Select(r => r.Resources.Single()));
    }

    [Fact]
    public void For_SeveralSelectors_TakesEachInTurn_AndNeverTheRoleItself()
    {
        var edit = Aggregating("edit", "aggregate-to-edit", "aggregate-to-view");
        edit.Metadata.Labels = new Dictionary<string, string> { ["aggregate-to-view"] = "true" };
        var roles = new[] { edit, Role("a-view", ["aggregate-to-view"], Rule("get", "pods")), Role("z-edit", ["aggregate-to-edit"], Rule("create", "pods")) };

        var rules = AggregatedRules.For(edit, roles);

        Assert.Equal(["create", "get"], rules.Select(r => r.Verbs.Single()));
    }

    [Fact]
    public void SameRules_TreatsMissingAndEmptyListsAlike_AndSeesAChangedVerb()
    {
        var held = new List<V1PolicyRule> { new() { Verbs = ["get"], Resources = ["pods"], ApiGroups = null } };

        Assert.True(AggregatedRules.SameRules(held, [new V1PolicyRule { Verbs = ["get"], Resources = ["pods"], ApiGroups = [] }]));
        Assert.False(AggregatedRules.SameRules(held, [new V1PolicyRule { Verbs = ["list"], Resources = ["pods"] }]));
        Assert.True(AggregatedRules.SameRules(null, []));
    }

    private static V1ClusterRole Aggregating(string name, params string[] selectorLabels) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        AggregationRule = new V1AggregationRule
        {
            ClusterRoleSelectors = [.. selectorLabels.Select(l => new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [l] = "true" } })],
        },
    };

    private static V1ClusterRole Role(string name, string[] labels, params V1PolicyRule[] rules) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels.ToDictionary(l => l, _ => "true") },
        Rules = rules,
    };

    private static V1PolicyRule Rule(string verb, string resource) => new() { Verbs = [verb], ApiGroups = [""], Resources = [resource] };
}
