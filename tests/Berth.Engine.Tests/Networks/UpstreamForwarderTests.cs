using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Berth.Engine.Networks.Dns;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Engine.Tests.Networks;

/// <summary>The forwarder against real sockets on a loopback address of each test's own (port 53 needs root, as the tests run).</summary>
public class UpstreamForwarderTests
{
    private readonly IPAddress _upstream = IPAddress.Parse($"127.53.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}");

    [Fact]
    public async Task ForwardAsync_KeepsAnAnswerForItsTtl_ThenAsksAgain()
    {
        var asked = 0;
        using var upstream = new DnsListener(new IPEndPoint(_upstream, 53), query =>
        {
            Interlocked.Increment(ref asked);
            var response = query.CreateResponseInstance();
            response.AnswerRecords.Add(new ARecord(query.Questions[0].Name, 20, IPAddress.Parse("192.0.2.7")));
            return Task.FromResult(response);
        });
        upstream.Start();
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var forwarder = new UpstreamForwarder([_upstream], time);

        var first = await forwarder.ForwardAsync(Query("Example.ORG", 11));
        var second = await forwarder.ForwardAsync(Query("example.org", 12));
        time.Advance(TimeSpan.FromSeconds(21));
        await forwarder.ForwardAsync(Query("example.org", 13));

        Assert.Equal(ReturnCode.NoError, second.ReturnCode);
        Assert.Equal(12, second.TransactionID);
        Assert.Equal(IPAddress.Parse("192.0.2.7"), Assert.IsType<ARecord>(Assert.Single(second.AnswerRecords)).Address);
        Assert.Equal(11, first.TransactionID);
        Assert.Equal(2, asked);
    }

    [Fact]
    public async Task ForwardAsync_UpstreamThatNeverAnswers_IsServfail_ThenServfailFromTheCache()
    {
        using var silent = new UdpClient(new IPEndPoint(_upstream, 53));
        var forwarder = new UpstreamForwarder([_upstream], TimeProvider.System);

        var first = await forwarder.ForwardAsync(Query("example.net", 1));
        var second = await forwarder.ForwardAsync(Query("example.net", 2));

        Assert.Equal(ReturnCode.ServerFailure, first.ReturnCode);
        Assert.Equal(ReturnCode.ServerFailure, second.ReturnCode);
        Assert.Equal(2, second.TransactionID);
        // The second was answered from the kept failure: the upstream saw one query (the library may retry it once).
        var received = 0;
        while (silent.Available > 0)
        {
            await silent.ReceiveAsync();
            received++;
        }
        Assert.InRange(received, 1, 2);
    }

    [Fact]
    public async Task ForwardAsync_NoUpstreams_IsServfail()
    {
        var response = await new UpstreamForwarder([], TimeProvider.System).ForwardAsync(Query("example.com", 3));

        Assert.Equal(ReturnCode.ServerFailure, response.ReturnCode);
    }

    private static DnsMessage Query(string name, ushort id)
    {
        var query = new DnsMessage { TransactionID = id, IsRecursionDesired = true };
        query.Questions.Add(new DnsQuestion(DomainName.Parse(name), RecordType.A, RecordClass.INet));
        return query;
    }
}
