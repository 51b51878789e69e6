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

    [Fact]
    public void Parse_LoneAbsolutePath_AnonymousVolume()
    {
        Assert.Equal(new BindMount("", "/data") { VolumeName = "" }, BindMount.Parse("/data"));
    }

    [Theory]
    [InlineData("relative")]
    [InlineData("./relative:/data")]
    [InlineData("bad@name:/data")]
    [InlineData("name:relative")]
    [InlineData("/tmp:/data:xx")]
    [InlineData("/no/such/dir/here:/data")]
    public void Parse_BadVolume_Throws(string value)
    {
        Assert.Throws<InvalidArgumentException>(() => BindMount.Parse(value));
    }
    [Theory]
    [InlineData("type=volume,source=data,destination=/data", false)]
    [InlineData("type=volume,src=data,dst=/data,ro", true)]
    [InlineData("type=volume,source=data,target=/data,readonly=true", true)]
    public void ParseMount_Volume_NamedVolumeMount(string value, bool readOnly)
    {
        var mount = BindMount.ParseMount(value);

        Assert.Equal("data", mount.VolumeName);
        Assert.Equal("/data", mount.Destination);
        Assert.Equal(readOnly, mount.ReadOnly);
    }

    [Fact]
    public void ParseMount_VolumeWithoutSource_AnonymousVolume()
    {
        Assert.Equal("", BindMount.ParseMount("type=volume,destination=/cache").VolumeName);
    }

    [Fact]
    public void ParseMount_Bind_HostPathMount()
    {
        Assert.Equal(new BindMount("/tmp", "/host", true), BindMount.ParseMount("type=bind,source=/tmp,destination=/host,ro=true"));
    }

    [Theory]
    [InlineData("source=data,destination=/data")]
    [InlineData("type=tmpfs,destination=/data")]
    [InlineData("type=volume,source=data")]
    [InlineData("type=volume,source=data,destination=relative")]
    [InlineData("type=volume,source=data,destination=/data,bogus=1")]
    [InlineData("type=bind,destination=/data")]
    [InlineData("type=bind,source=name,destination=/data")]
    [InlineData("type=bind,source=/tmp,destination=/data,nocopy")]
    [InlineData("type=volume,source=data,destination=/data,volume-nocopy=maybe")]
    public void ParseMount_Bad_Throws(string value)
    {
        Assert.Throws<InvalidArgumentException>(() => BindMount.ParseMount(value));
    }

    [Theory]
    [InlineData("data:/data:nocopy", false, true)]
    [InlineData("data:/data:ro,nocopy", true, true)]
    [InlineData("data:/data:copy,z", false, false)]
    [InlineData("data:/data:Z,ro", true, false)]
    public void Parse_VolumeOptions_ReadOnlyAndNoCopy(string value, bool readOnly, bool noCopy)
    {
        var mount = BindMount.Parse(value);

        Assert.Equal(("data", readOnly, noCopy), (mount.VolumeName, mount.ReadOnly, mount.NoCopy));
    }

    [Theory]
    [InlineData("type=volume,source=data,destination=/data,nocopy", true)]
    [InlineData("type=volume,source=data,destination=/data,volume-nocopy=true", true)]
    [InlineData("type=volume,source=data,destination=/data,volume-nocopy=false", false)]
    public void ParseMount_NoCopy(string value, bool noCopy) => Assert.Equal(noCopy, BindMount.ParseMount(value).NoCopy);

    [Theory]
    [InlineData("/tmp:/host:nocopy")]
    [InlineData("data:/data:exec")]
    public void Parse_OptionNotForThisKind_Throws(string value) => Assert.Throws<InvalidArgumentException>(() => BindMount.Parse(value));
}
