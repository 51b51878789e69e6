using Berth.Client.Selectors;
using k8s.Models;

namespace Berth.Client.Tests.Selectors;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web", ["tier"] = "front" };

    [Theory]
    [InlineData("app", "In", "web", true)]
    [InlineData("app", "In", "db", false)]
    [InlineData("app", "NotIn", "db", true)]
    [InlineData("zone", "NotIn", "a", true)]
    [InlineData("tier", "Exists", null, true)]
    [InlineData("zone", "Exists", null, false)]
    [InlineData("zone", "DoesNotExist", null, true)]
    [InlineData("app", "DoesNotExist", null, false)]
    public void Matches_Expression_FollowsTheOperator(string key, string op, string? value, bool expected)
    {
        var selector = LabelSelector.From(new V1LabelSelector
        {
            MatchExpressions = [new V1LabelSelectorRequirement { Key = key, OperatorProperty = op, Values = value is null ? null : [value] }],
        });

        Assert.Equal(expected, selector.Matches(Web));
    }

    [Fact]
    public void From_NullAndEmpty_MatchNothingAndEverything()
    {
        Assert.False(LabelSelector.From(null).Matches(Web));
        Assert.True(LabelSelector.From(new V1LabelSelector()).Matches(Web));
        Assert.False(LabelSelector.FromMap(new Dictionary<string, string>()).Matches(Web));
    }

    [Fact]
    public void ToString_IsTheQueryForm()
    {
        var selector = LabelSelector.From(new V1LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["app"] = "web" },
            MatchExpressions = [new V1LabelSelectorRequirement { Key = "tier", OperatorProperty = "NotIn", Values = ["b", "a"] }, new V1LabelSelectorRequirement { Key = "x", OperatorProperty = "DoesNotExist" }],
        });

        Assert.Equal("app=web,tier notin (a,b),!x", selector.ToString());
    }
}
