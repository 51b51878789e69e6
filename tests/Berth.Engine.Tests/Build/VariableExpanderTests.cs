using Berth.Engine.Build;

namespace Berth.Engine.Tests.Build;

public class VariableExpanderTests
{
    private static readonly Dictionary<string, string> Variables = new() { ["NAME"] = "berth", ["EMPTY"] = "" };

    [Theory]
    [InlineData("hello $NAME", "hello berth")]
    [InlineData("${NAME}_x", "berth_x")]
    [InlineData("$NAME_x", "")]
    [InlineData("${MISSING:-fallback}", "fallback")]
    [InlineData("${EMPTY:-fallback}", "fallback")]
    [InlineData("${NAME:-fallback}", "berth")]
    [InlineData("${NAME:+set}", "set")]
    [InlineData("${MISSING:+set}", "")]
    [InlineData(@"\$NAME", "$NAME")]
    [InlineData("cost: 5$", "cost: 5$")]
    public void Expand_Forms_SubstituteAsDockerfilesDo(string text, string expected)
    {
        Assert.Equal(expected, VariableExpander.Expand(text, Variables));
    }

    [Fact]
    public void Expand_UnclosedBrace_Throws()
    {
        Assert.Throws<BerthException>(() => VariableExpander.Expand("${NAME", Variables));
    }
}
