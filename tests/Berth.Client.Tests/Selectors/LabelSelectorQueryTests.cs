using Berth.Client.Selectors;

namespace Berth.Client.Tests.Selectors;

public class LabelSelectorQueryTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "fe" };

    [Theory]
    [InlineData("app=web", true)]
    [InlineData("app==web", true)]
    [InlineData("app!=web", false)]
    [InlineData("app in (api, web)", true)]
    [InlineData("app notin (api,web)", false)]
    [InlineData("tier", true)]
    [InlineData("!tier", false)]
    [InlineData("!missing", true)]
    [InlineData("app=web,tier=be", false)]
    [InlineData("app in (web),tier", true)]
    [InlineData("missing!=x", true)]
    [InlineData("", true)]
    public void Matches_Requirement_ReturnsExpected(string selector, bool expected)
    {
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Labels));
    }

    [Theory]
    [InlineData("app in (web")]
    [InlineData("app in ()")]
    [InlineData("-bad=x")]
    [InlineData("app=in=valid")]
    [InlineData("app=has space")]
    public void Parse_Malformed_SaysWhichRequirement(string selector)
    {
        var error = Assert.Throws<FormatException>(() => LabelSelector.Parse(selector));

        Assert.StartsWith("unable to parse requirement: ", error.Message);
    }
}
