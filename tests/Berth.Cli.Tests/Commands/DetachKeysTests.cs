using Berth.Cli.Commands;

namespace Berth.Cli.Tests.Commands;

public class DetachKeysTests
{
    [Theory]
    [InlineData("ctrl-p,ctrl-q", new byte[] { 0x10, 0x11 })]
    [InlineData("ctrl-@,ctrl-[,ctrl-_", new byte[] { 0x00, 0x1b, 0x1f })]
    [InlineData("x,ctrl-a", new byte[] { (byte)'x', 0x01 })]
    [InlineData("", new byte[0])]
    public void Parse_PodmansSpelling_Bytes(string keys, byte[] expected) => Assert.Equal(expected, DetachKeys.Parse(keys));

    [Theory]
    [InlineData("ctrl-1")]
    [InlineData("ctrl-p,,ctrl-q")]
    [InlineData("abc")]
    public void Parse_BadKeys_AreRefused(string keys) => Assert.Throws<InvalidArgumentException>(() => DetachKeys.Parse(keys));

    [Fact]
    public async Task DetachingStream_Sequence_PassesWhatCameBeforeThenDetaches()
    {
        using var stream = new DetachingStream(new MemoryStream([(byte)'a', 0x10, (byte)'b', 0x10, 0x11, (byte)'c']), DetachKeys.Parse(DetachKeys.Default));
        var buffer = new byte[16];

        var read = await stream.ReadAsync(buffer);

        Assert.Equal("a\u0010b", System.Text.Encoding.ASCII.GetString(buffer, 0, read));
        Assert.True(stream.Detached.IsCancellationRequested);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await stream.ReadExactlyAsync(buffer));
    }

    [Fact]
    public async Task DetachingStream_NoSequence_PassesEverythingToTheEnd()
    {
        using var stream = new DetachingStream(new MemoryStream([(byte)'a', 0x10, (byte)'b']), DetachKeys.Parse(DetachKeys.Default));
        var output = new MemoryStream();

        await stream.CopyToAsync(output);

        Assert.Equal([(byte)'a', 0x10, (byte)'b'], output.ToArray());
        Assert.False(stream.Detached.IsCancellationRequested);
    }
}
