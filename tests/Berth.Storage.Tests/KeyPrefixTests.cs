using System.Text;

namespace Berth.Storage.Tests;

public sealed class KeyPrefixTests
{
    [Theory]
    [InlineData("/registry/pods/", "/registry/pods0")]
    [InlineData("a", "b")]
    [InlineData("é", "ê")]
    public void End_Prefix_IsTheNextStringAfterEveryKeyUnderIt(string prefix, string end)
    {
        Assert.Equal(end, KeyPrefix.End(prefix));
        Assert.True(string.CompareOrdinal(prefix + "\uFFFF\uFFFF", end) < 0);
    }

    [Fact]
    public void End_EmptyPrefix_IsUnbounded()
    {
        Assert.Null(KeyPrefix.End(""));
    }

    [Fact]
    public void EndBytes_Prefix_IncrementsTheLastByte()
    {
        Assert.Equal(Encoding.UTF8.GetBytes("/registry/pods0"), KeyPrefix.EndBytes("/registry/pods/"));
    }
}
