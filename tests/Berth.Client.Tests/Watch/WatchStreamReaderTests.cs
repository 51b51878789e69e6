using System.Text;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using Berth.Client.Watch;
using k8s;
using k8s.Models;

namespace Berth.Client.Tests.Watch;

public sealed class WatchStreamReaderTests
{
    [Fact]
    public async Task ReadAsync_LinesSplitAcrossReads_YieldEachEventWithItsObject()
    {
        var lines = """
            {"type":"ADDED","object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"a","resourceVersion":"5"}}}
            {"object":{"metadata":{"name":"a","resourceVersion":"6"},"spec":{"nodeName":"n1"}},"type":"MODIFIED"}
            {"type":"BOOKMARK","object":{"kind":"Pod","metadata":{"resourceVersion":"9"}}}
            """ + "\n";
        await using var stream = new TrickleStream(Encoding.UTF8.GetBytes(lines), chunk: 7);

        var events = new List<WatchEvent<V1Pod>>();
        await foreach (var e in WatchStreamReader.ReadAsync(stream, ModelJsonContext.Default.V1Pod, CancellationToken.None))
        {
            events.Add(e);
        }

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Bookmark], events.Select(e => e.Type));
        Assert.Equal("n1", events[1].Object.Spec.NodeName);
        Assert.Equal("9", events[2].Object.Metadata.ResourceVersion);
    }

    [Fact]
    public void Parse_ErrorEvent_ThrowsItsStatus()
    {
        var line = """{"type":"ERROR","object":{"kind":"Status","status":"Failure","reason":"Expired","code":410,"message":"too old resource version"}}"""u8.ToArray();

        var error = Assert.Throws<ApiStatusException>(() => WatchStreamReader.Parse(line, ModelJsonContext.Default.V1Pod));

        Assert.True(error.IsGone);
        Assert.Equal("too old resource version", error.Message);
    }

    /// <summary>A stream that returns at most a few bytes per read, as a slow network does.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }
}
