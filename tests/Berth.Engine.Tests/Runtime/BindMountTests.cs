using Berth.Engine.Runtime;

namespace Berth.Engine.Tests.Runtime;

public class BindMountTests
{
    [Fact]
    public void Parse_ReadOnlySuffix_IsReadOnly()
    {
        Assert.Equal(new BindMount("/tmp", "/data", true), BindMount.Parse("/tmp:/data:ro"));
    }

    [Fact]
    public void Parse_Name_IsANamedVolumeToResolve()
    {
        var mount = BindMount.Parse("cache:/data:ro");

        Assert.Equal(("cache", "", "/data", true), (mount.VolumeName, mount.Source, mount.Destination, mount.ReadOnly));
    }

    [Theory]
    [InlineData("/tmp")]
    [InlineData("./relative:/data")]
    [InlineData("bad@name:/data")]
    [InlineData("name:relative")]
    [InlineData("/tmp:/data:xx")]
    [InlineData("/no/such/dir/here:/data")]
    public void Parse_BadVolume_Throws(string value)
    {
        Assert.Throws<InvalidArgumentException>(() => BindMount.Parse(value));
    }
}
