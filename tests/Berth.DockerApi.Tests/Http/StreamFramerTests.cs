using Berth.DockerApi.Http;

namespace Berth.DockerApi.Tests.Http;

public class StreamFramerTests
{
    [Fact]
    public async Task Write_Multiplexed_PrefixesStreamTypeAndBigEndianLength()
    {
        var output = new MemoryStream();
        var framer = new StreamFramer(output, raw: false);

        await framer.Stdout.WriteAsync("hi"u8.ToArray());
        await framer.Stderr.WriteAsync(new byte[300]);

        var bytes = output.ToArray();
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0, 0, 0, 2, (byte)'h', (byte)'i' }, bytes[..10]);
        Assert.Equal(new byte[] { 2, 0, 0, 0, 0, 0, 1, 44 }, bytes[10..18]);
        Assert.Equal(10 + 8 + 300, bytes.Length);
        Assert.Equal(StreamFramer.MultiplexedContentType, framer.ContentType);
    }

    [Fact]
    public async Task Write_Raw_PassesBytesThrough()
    {
        var output = new MemoryStream();
        var framer = new StreamFramer(output, raw: true);

        await framer.Stdout.WriteAsync("tty"u8.ToArray());
        await framer.Stdout.WriteAsync(Array.Empty<byte>());

        Assert.Equal("tty"u8.ToArray(), output.ToArray());
        Assert.Equal(StreamFramer.RawContentType, framer.ContentType);
    }
}
