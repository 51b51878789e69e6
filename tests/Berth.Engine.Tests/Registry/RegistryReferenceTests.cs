using Berth.Engine.Registry;

namespace Berth.Engine.Tests.Registry;

public sealed class RegistryReferenceTests
{
    [Theory]
    [InlineData("busybox", "docker.io", "library/busybox", "latest")]
    [InlineData("user/app:1", "docker.io", "user/app", "1")]
    [InlineData("127.0.0.1:5000/a/b:v2", "127.0.0.1:5000", "a/b", "v2")]
    public void Parse_Name_FillsDockerDefaults(string text, string domain, string repository, string tag)
    {
        var reference = RegistryReference.Parse(text);

        Assert.Equal((domain, repository, tag), (reference.Domain, reference.Repository, reference.Tag));
        Assert.Equal(tag, reference.ManifestReference);
    }

    [Fact]
    public void Parse_DigestOnly_UsesTheDigestAndNoTag()
    {
        var digest = "sha256:" + new string('a', 64);

        var reference = RegistryReference.Parse($"localhost:5000/app@{digest}");

        Assert.Null(reference.Tag);
        Assert.Equal(digest, reference.ManifestReference);
    }

    [Theory]
    [InlineData("linux/amd64", "linux", "amd64", null)]
    [InlineData("linux/arm64/v8", "linux", "arm64", "v8")]
    public void PlatformSpecParse_Valid_SplitsParts(string text, string os, string architecture, string? variant)
    {
        Assert.Equal(new PlatformSpec(os, architecture, variant), PlatformSpec.Parse(text));
    }

    [Theory]
    [InlineData("linux")]
    [InlineData("linux//v8")]
    [InlineData("a/b/c/d")]
    public void PlatformSpecParse_Invalid_Throws(string text)
    {
        Assert.Throws<BerthException>(() => PlatformSpec.Parse(text));
    }
}
