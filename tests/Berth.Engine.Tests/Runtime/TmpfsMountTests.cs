using Berth.Engine.Runtime;

namespace Berth.Engine.Tests.Runtime;

public sealed class TmpfsMountTests
{
    [Theory]
    [InlineData("/scratch", "rw,noexec,nosuid,nodev")]
    [InlineData("/scratch:size=1m,mode=1770", "rw,noexec,nosuid,nodev,size=1m,mode=1770")]
    [InlineData("/scratch:exec,ro", "nosuid,nodev,exec,ro")]
    public void Parse_PodmansDefaultsUnlessOverridden(string value, string options)
    {
        var mount = TmpfsMount.Parse(value);

        Assert.Equal(("/scratch", options), (mount.Destination, string.Join(',', mount.Options)));
    }

    [Theory]
    [InlineData("type=tmpfs,destination=/t", "rw,noexec,nosuid,nodev")]
    [InlineData("type=tmpfs,target=/t,tmpfs-size=2m,tmpfs-mode=700,ro", "noexec,nosuid,nodev,size=2m,mode=700,ro")]
    public void ParseMount_SizeModeAndReadOnly(string value, string options)
    {
        var mount = TmpfsMount.ParseMount(value);

        Assert.Equal(("/t", options), (mount.Destination, string.Join(',', mount.Options)));
    }

    [Theory]
    [InlineData("scratch")]
    [InlineData("/scratch:bogus")]
    [InlineData("/scratch:size=")]
    [InlineData("/scratch:color=red")]
    public void Parse_Bad_Throws(string value) => Assert.Throws<InvalidArgumentException>(() => TmpfsMount.Parse(value));

    [Theory]
    [InlineData("type=tmpfs")]
    [InlineData("type=tmpfs,destination=/t,source=x")]
    [InlineData("type=tmpfs,destination=/t,ro=maybe")]
    public void ParseMount_Bad_Throws(string value) => Assert.Throws<InvalidArgumentException>(() => TmpfsMount.ParseMount(value));

    [Fact]
    public void IsTmpfsMount_ByItsType()
    {
        Assert.True(TmpfsMount.IsTmpfsMount("destination=/t,type=tmpfs"));
        Assert.False(TmpfsMount.IsTmpfsMount("type=volume,source=tmpfs,destination=/t"));
    }
}
