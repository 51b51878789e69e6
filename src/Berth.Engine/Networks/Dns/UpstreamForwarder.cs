using System.Collections.Concurrent;
using System.Net;
using ARSoft.Tools.Net.Dns;

namespace Berth.Engine.Networks.Dns;

/// <summary>
/// Sends the names a Berth name server does not own to the host's resolvers, as CoreDNS' forward and cache plugins
/// do: answers are kept for their smallest TTL (at most <see cref="MaxTtl"/>, k3s' <c>cache 30</c>), denials for the
/// SOA's negative TTL, and a resolver that does not answer within <see cref="Deadline"/> gives SERVFAIL, itself kept
/// for <see cref="FailureTtl"/>, so a client never waits seconds on an unreachable upstream twice.
/// </summary>
public sealed class UpstreamForwarder
{
    public static readonly TimeSpan MaxTtl = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan FailureTtl = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(1);

    private readonly DnsClient? _client;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(string Name, RecordType Type, RecordClass Class), CachedAnswer> _cache = new();

    public UpstreamForwarder(IReadOnlyList<IPAddress> upstreams, TimeProvider time)
    {
        Upstreams = upstreams;
        _time = time;
        _client = upstreams.Count > 0 ? new DnsClient(upstreams, queryTimeout: (int)Deadline.TotalMilliseconds) : null;
    }

    /// <summary>A forwarder to the host's resolvers, leaving out <paramref name="self"/> (a resolv.conf may name this very server).</summary>
    public static UpstreamForwarder ForHost(TimeProvider time, params IPAddress[] self) =>
        new([.. ResolvConf.Read().NameserverAddresses.Where(a => !self.Contains(a))], time);

    public IReadOnlyList<IPAddress> Upstreams { get; }

    public async Task<DnsMessage> ForwardAsync(DnsMessage query)
    {
        var question = query.Questions[0];
        var key = (question.Name.ToString().ToLowerInvariant(), question.RecordType, question.RecordClass);
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(key, out var cached) && cached.Expires > now)
        {
            return cached.Into(query);
        }
        var upstream = await AskAsync(query);
        var answer = upstream is null ? CachedAnswer.Failure(now + FailureTtl) : CachedAnswer.Of(upstream, now);
        _cache[key] = answer;
        if (_cache.Count > 10_000)
        {
            foreach (var stale in _cache.Where(c => c.Value.Expires <= now).Select(c => c.Key).ToList())
            {
                _cache.TryRemove(stale, out _);
            }
        }
        return answer.Into(query);
    }

    private async Task<DnsMessage?> AskAsync(DnsMessage query)
    {
        if (_client is null)
        {
            return null;
        }
        using var deadline = new CancellationTokenSource(Deadline, _time);
        try
        {
            var upstream = await _client.SendMessageAsync(query, deadline.Token).WaitAsync(deadline.Token);
            return upstream is null || upstream.ReturnCode is not (ReturnCode.NoError or ReturnCode.NxDomain) ? null : upstream;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>An upstream answer (or failure) as kept: its records, copied into each client's own response.</summary>
    private sealed record CachedAnswer(ReturnCode Code, List<DnsRecordBase> Answers, List<DnsRecordBase> Authorities, List<DnsRecordBase> Additionals,
        DateTimeOffset Expires)
    {
        public static CachedAnswer Failure(DateTimeOffset expires) => new(ReturnCode.ServerFailure, [], [], [], expires);

        public static CachedAnswer Of(DnsMessage upstream, DateTimeOffset now)
        {
            var ttl = upstream.AnswerRecords.Count > 0
                ? upstream.AnswerRecords.Min(r => r.TimeToLive)
                : upstream.AuthorityRecords.OfType<SoaRecord>().Select(s => Math.Min(s.TimeToLive, s.NegativeCachingTTL)).DefaultIfEmpty(0).Min();
            var keep = TimeSpan.FromSeconds(Math.Clamp(ttl, 0, (int)MaxTtl.TotalSeconds));
            // The OPT pseudo-record belongs to one exchange, never to a cached answer.
            return new(upstream.ReturnCode, [.. upstream.AnswerRecords], [.. upstream.AuthorityRecords],
                [.. upstream.AdditionalRecords.Where(r => r.RecordType != RecordType.Opt)], now + keep);
        }

        public DnsMessage Into(DnsMessage query)
        {
            var response = query.CreateResponseInstance();
            response.IsRecursionAllowed = true;
            response.ReturnCode = Code;
            response.AnswerRecords.AddRange(Answers);
            response.AuthorityRecords.AddRange(Authorities);
            response.AdditionalRecords.AddRange(Additionals);
            return response;
        }
    }
}
