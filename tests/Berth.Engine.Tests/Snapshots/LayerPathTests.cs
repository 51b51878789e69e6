using Berth.Engine.Snapshots;

namespace Berth.Engine.Tests.Snapshots;

public class LayerPathTests
{
    [Theory]
    [InlineData("./usr/bin/", "usr/bin")]
    [InlineData("/etc//passwd", "etc/passwd")]
    [InlineData("./", "")]
    [InlineData("a/./b", "a/b")]
    public void Normalize_Spellings_BecomeOneForm(string name, string expected)
    {
        Assert.Equal(expected, LayerPath.Normalize(name));
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("a/../../b")]
    public void Normalize_DotDot_IsRefused(string name)
    {
        Assert.Throws<BerthException>(() => LayerPath.Normalize(name));
    }
}
