using Berth.Engine.Build;

namespace Berth.Engine.Tests.Build;

public sealed class IgnoreRulesTests
{
    [Theory]
    [InlineData("*.log", "debug.log", true)]
    [InlineData("*.log", "app/debug.log", false)]
    [InlineData("**/*.log", "app/deep/debug.log", true)]
    [InlineData("**/*.log", "debug.log", true)]
    [InlineData("/build", "build/out/x.o", true)]
    [InlineData("./build/", "build", true)]
    [InlineData("build", "builder", false)]
    [InlineData("temp?", "temp1", true)]
    [InlineData("temp?", "temp1/x", true)]
    [InlineData("[a-c]*.txt", "b1.txt", true)]
    [InlineData("[!a-c]*.txt", "b1.txt", false)]
    [InlineData("docs/**", "docs/a/b.md", true)]
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a\\*b", "axb", false)]
    public void IsExcluded_OnePattern_MatchesAsDocker(string pattern, string path, bool excluded)
    {
        Assert.Equal(excluded, IgnoreRules.Parse(pattern).IsExcluded(path));
    }

    [Fact]
    public void IsExcluded_ExceptionAfterPattern_ReincludesAndLastLineWins()
    {
        var rules = IgnoreRules.Parse("# logs\n\n*.md\n!README.md\nREADME-secret.md\n!keep/**\nkeep/drop.md\n");

        Assert.True(rules.HasExceptions);
        Assert.True(rules.IsExcluded("CHANGES.md"));
        Assert.False(rules.IsExcluded("README.md"));
        Assert.True(rules.IsExcluded("README-secret.md"));
        Assert.False(rules.IsExcluded("keep/x"));
        Assert.True(rules.IsExcluded("keep/drop.md"));
        Assert.False(rules.IsExcluded("# logs"));
        Assert.False(rules.IsExcluded(""));
    }
}
