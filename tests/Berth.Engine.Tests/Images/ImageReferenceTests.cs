using Berth.Engine.Images;

namespace Berth.Engine.Tests.Images;

public class ImageReferenceTests
{
    [Theory]
    [InlineData("busybox", "localhost/busybox:latest")]
    [InlineData("busybox:1.36", "localhost/busybox:1.36")]
    [InlineData("localhost/app/web:v2", "localhost/app/web:v2")]
    [InlineData("docker.io/alpine", "docker.io/library/alpine:latest")]
    [InlineData("127.0.0.1:5000/team/app:dev", "127.0.0.1:5000/team/app:dev")]
    [InlineData("quay.io/a_b/c-d.e:x", "quay.io/a_b/c-d.e:x")]
    public void Parse_Valid_NormalizesToFullName(string text, string fullName)
    {
        Assert.Equal(fullName, ImageReference.Parse(text).FullName);
    }

    [Theory]
    [InlineData("BusyBox", "repository name must be lowercase")]
    [InlineData("busybox:", "invalid tag")]
    [InlineData("busybox:-x", "invalid tag")]
    [InlineData("bad//name", "invalid repository name")]
    [InlineData("name@sha256:123", "invalid digest")]
    [InlineData("", "invalid repository name")]
    public void Parse_Invalid_ThrowsWithTheReason(string text, string reason)
    {
        var error = Assert.Throws<InvalidArgumentException>(() => ImageReference.Parse(text));

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Parse_WithDigest_KeepsTheDigest()
    {
        var reference = ImageReference.Parse("app@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

        Assert.Equal("e3b0c44298fc", reference.Digest!.Value.Short);
        Assert.Null(reference.Tag);
    }

    [Theory]
    [InlineData("alpine", "docker.io/library/alpine:latest", true)]
    [InlineData("alpine", "quay.io/alpine:latest", true)]
    [InlineData("alpine", "localhost/alpine:3", false)]
    [InlineData("alpine:3", "localhost/alpine:3", true)]
    [InlineData("localhost/alpine", "docker.io/library/alpine:latest", false)]
    [InlineData("team/app", "localhost/team/app:latest", true)]
    [InlineData("app", "localhost/team/app:latest", false)]
    public void Matches_StoredName_FollowsShortNameRules(string query, string stored, bool matches)
    {
        Assert.Equal(matches, ImageReference.Parse(query).Matches(stored));
    }
}
