using Berth.Engine.Store;

namespace Berth.Engine.Tests.Store;

public class DigestTests
{
    [Fact]
    public void Of_EmptyContent_IsTheWellKnownSha256()
    {
        Assert.Equal("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Digest.Of([]).ToString());
    }

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("sha512:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public void TryParse_Malformed_IsFalse(string text)
    {
        Assert.False(Digest.TryParse(text, out _));
    }

    [Fact]
    public void Parse_Valid_KeepsHexAndShortId()
    {
        var digest = Digest.Parse("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

        Assert.Equal("e3b0c44298fc", digest.Short);
        Assert.Equal(64, digest.Hex.Length);
    }

    [Fact]
    public void HashingStream_WrittenThrough_DigestsWhatPassed()
    {
        using var sink = new MemoryStream();
        using var hashing = new HashingStream(sink, leaveOpen: true);

        hashing.Write("hello"u8);

        Assert.Equal(Digest.Of("hello"u8), hashing.Digest);
        Assert.Equal(5, hashing.BytesHashed);
        Assert.Equal("hello"u8.ToArray(), sink.ToArray());
    }
}
