using Berth.Controllers.Jobs;
using k8s.Models;

namespace Berth.Controllers.Tests.Jobs;

public sealed class SuccessPoliciesTests
{
    [Theory]
    // rule (indexes, count), succeeded, completions → matched rule message or null
    [InlineData("0-2", null, "0-2", 5, "Matched rules at index 0")]
    [InlineData("0-2", null, "0,2", 5, null)]
    [InlineData("0-4", 2, "1,3", 5, "Matched rules at index 0")]
    [InlineData("0-4", 3, "1,3", 5, null)]
    [InlineData(null, 2, "3,4", 5, "Matched rules at index 0")]
    [InlineData(null, 3, "3,4", 5, null)]
    [InlineData("7-9", null, "0-4", 5, null)]
    public void Match_OneRule(string? indexes, int? count, string succeeded, int completions, string? message)
    {
        var policy = new V1SuccessPolicy { Rules = [new V1SuccessPolicyRule { SucceededIndexes = indexes, SucceededCount = count }] };

        Assert.Equal(message, SuccessPolicies.Match(policy, completions, IndexIntervals.Parse(succeeded, completions)));
    }

    [Fact]
    public void Match_NamesTheFirstRuleMet()
    {
        var policy = new V1SuccessPolicy
        {
            Rules = [new V1SuccessPolicyRule { SucceededIndexes = "0" }, new V1SuccessPolicyRule { SucceededCount = 1 }],
        };

        Assert.Equal("Matched rules at index 1", SuccessPolicies.Match(policy, 3, IndexIntervals.Parse("2", 3)));
        Assert.Null(SuccessPolicies.Match(policy, 3, IndexIntervals.Empty));
        Assert.Null(SuccessPolicies.Match(null, 3, IndexIntervals.Parse("0-2", 3)));
    }
}
