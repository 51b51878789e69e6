using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace Berth.Agent.ClusterDns;

/// <summary>
/// Answers the cluster zone (<c>cluster.local</c>) from a <see cref="ClusterDnsModel"/> as the Kubernetes DNS-based
/// service discovery specification (schema 1.1.0) asks and CoreDNS' kubernetes plugin behaves: Services, headless
/// endpoints, SRV for ports, ExternalName CNAMEs, pods by dashed address, PTR for cluster and endpoint IPs,
/// <c>dns-version</c>. A name that does not exist is NXDOMAIN, one that exists without the asked type NODATA, both
/// with the zone's SOA. Everything else, and reverse names it does not know, goes to <c>forward</c>.
/// </summary>
public sealed class ClusterDnsResponder
{
    /// <summary>Records live 5 s, CoreDNS' default: endpoints come and go.</summary>
    public const int Ttl = 5;

    public const string SchemaVersion = "1.1.0";

    private readonly ClusterDnsModel _model;
    private readonly string[] _zone;
    private readonly DomainName _zoneName;
    private readonly IPAddress _self;
    private readonly Func<DnsMessage, Task<DnsMessage>> _forward;

    /// <param name="clusterDomain">kubelet's --cluster-domain.</param>
    /// <param name="self">The address this server answers on: <c>ns.dns.ZONE</c>.</param>
    public ClusterDnsResponder(ClusterDnsModel model, string clusterDomain, IPAddress self, Func<DnsMessage, Task<DnsMessage>> forward)
    {
        _model = model;
        _zone = clusterDomain.Trim('.').ToLowerInvariant().Split('.');
        _zoneName = new DomainName(_zone);
        _self = self;
        _forward = forward;
    }

    public async Task<DnsMessage> AnswerAsync(DnsMessage query)
    {
        var response = Answer(query);
        if (response is null)
        {
            return await _forward(query);
        }
        // An ExternalName outside the zone: the target's addresses come from upstream, as CoreDNS adds them.
        if (response.AnswerRecords is [CNameRecord cname] && query.Questions[0].RecordType is RecordType.A or RecordType.Aaaa
            && !cname.CanonicalName.IsEqualOrSubDomainOf(_zoneName))
        {
            var chase = new DnsMessage { TransactionID = query.TransactionID, IsRecursionDesired = true };
            chase.Questions.Add(new DnsQuestion(cname.CanonicalName, query.Questions[0].RecordType, RecordClass.INet));
            var target = await _forward(chase);
            if (target.ReturnCode == ReturnCode.NoError)
            {
                response.AnswerRecords.AddRange(target.AnswerRecords);
            }
        }
        return response;
    }

    /// <summary>The answer from the model alone; null when the name is not the cluster's to answer.</summary>
    public DnsMessage? Answer(DnsMessage query)
    {
        var question = query.Questions[0];
        var labels = question.Name.Labels.Select(l => l.ToLowerInvariant()).ToArray();
        Found? found;
        if (InZone(labels))
        {
            found = question.RecordClass is RecordClass.INet or RecordClass.Any
                ? Lookup(question.Name, labels[..^_zone.Length], question.RecordType)
                : null;
        }
        else if (ReverseAddress(labels) is { } address)
        {
            found = Reverse(question.Name, address, question.RecordType);
            if (found is null)
            {
                return null; // CoreDNS' fallthrough for in-addr.arpa and ip6.arpa
            }
        }
        else
        {
            return null;
        }
        var response = query.CreateResponseInstance();
        response.IsRecursionAllowed = true;
        response.IsAuthoritiveAnswer = true;
        response.ReturnCode = found is null ? ReturnCode.NxDomain : ReturnCode.NoError;
        if (found is null || found.Answers.Count == 0)
        {
            response.AuthorityRecords.Add(Soa());
            return response;
        }
        response.AnswerRecords.AddRange(found.Answers);
        response.AdditionalRecords.AddRange(found.Additionals);
        return response;
    }

    private bool InZone(string[] labels) => labels.Length >= _zone.Length && labels[^_zone.Length..].SequenceEqual(_zone);

    /// <summary>A name relative to the zone; null when it does not exist.</summary>
    private Found? Lookup(DomainName name, string[] relative, RecordType type) => relative switch
    {
        [] => Apex(name, type),
        ["dns-version"] => Found.When(type is RecordType.Txt or RecordType.Any, new TxtRecord(name, Ttl, SchemaVersion)),
        ["dns"] => Found.Empty,
        ["ns", "dns"] => Addresses(name, type, [_self]),
        [.., "svc"] => ServiceName(name, relative[..^1], type),
        [.., "pod"] => PodName(name, relative[..^1], type),
        _ => null,
    };

    private Found Apex(DomainName name, RecordType type) => type switch
    {
        RecordType.Soa => new Found([Soa()], []),
        RecordType.Ns => new Found([new NsRecord(name, Ttl, NameServerName)], [.. Addresses(NameServerName, RecordType.A, [_self]).Answers]),
        _ => Found.Empty,
    };

    private DomainName NameServerName => new(["ns", "dns", .. _zone]);

    private Found? ServiceName(DomainName name, string[] labels, RecordType type)
    {
        switch (labels)
        {
            case []:
                return Found.Empty;
            case [var ns]:
                return _model.HasNamespace(ns) ? Found.Empty : null;
            case [var service, var ns]:
                return _model.Service(ns, service) is { } found ? Service(name, found, type) : null;
            case [var endpoint, var service, var ns] when !endpoint.StartsWith('_'):
                var named = _model.Service(ns, service) is { Headless: true } headless
                    ? _model.Endpoints(ns, service).Where(e => e.Label.Equals(endpoint, StringComparison.OrdinalIgnoreCase)).Select(e => e.Address).ToList()
                    : [];
                return named.Count > 0 ? Addresses(name, type, named) : null;
            case [var proto, var service, var ns] when proto.StartsWith('_'):
                return _model.Service(ns, service) is { } withPorts && withPorts.Ports.Any(p => Label(p.Protocol) == proto) ? Found.Empty : null;
            case [var port, var proto, var service, var ns] when port.StartsWith('_') && proto.StartsWith('_'):
                return _model.Service(ns, service) is { ExternalName: null } srv ? Srv(name, srv, type, p => Label(p.Name) == port && Label(p.Protocol) == proto) : null;
            default:
                return null;
        }
    }

    private Found? Service(DomainName name, DnsService service, RecordType type)
    {
        if (service.ExternalName is { } external)
        {
            var cname = new CNameRecord(name, Ttl, DomainName.Parse(external));
            if (type == RecordType.CName || !cname.CanonicalName.IsEqualOrSubDomainOf(_zoneName))
            {
                return new Found([cname], []);
            }
            var labels = cname.CanonicalName.Labels.Select(l => l.ToLowerInvariant()).ToArray();
            var target = Lookup(cname.CanonicalName, labels[..^_zone.Length], type);
            return new Found([cname, .. target?.Answers ?? []], target?.Additionals ?? []);
        }
        if (type == RecordType.Srv)
        {
            return Srv(name, service, type, _ => true);
        }
        if (!service.Headless)
        {
            return Addresses(name, type, service.ClusterIPs);
        }
        var endpoints = _model.Endpoints(service.Namespace, service.Name);
        // A headless Service without ready endpoints has no records: NXDOMAIN, as CoreDNS answers.
        return endpoints.Count == 0 ? null : Addresses(name, type, [.. endpoints.Select(e => e.Address)]);
    }

    /// <summary>SRV records: a cluster IP Service's ports point at its name; a headless one's at each ready endpoint's name.</summary>
    private Found? Srv(DomainName name, DnsService service, RecordType type, Func<DnsPort, bool> port)
    {
        var serviceName = new DomainName([service.Name, service.Namespace, "svc", .. _zone]);
        var targets = new List<(DnsPort Port, DomainName Target, IPAddress Address)>();
        if (service.Headless)
        {
            foreach (var endpoint in _model.Endpoints(service.Namespace, service.Name))
            {
                var target = new DomainName([endpoint.Label, .. serviceName.Labels]);
                targets.AddRange(endpoint.Ports.Where(p => p.Name is not null && port(p)).Select(p => (p, target, endpoint.Address)));
            }
        }
        else
        {
            targets.AddRange(service.Ports.Where(p => p.Name is not null && port(p)).SelectMany(p => service.ClusterIPs.Take(1).Select(ip => (p, serviceName, ip))));
        }
        if (targets.Count == 0)
        {
            return null;
        }
        if (type is not (RecordType.Srv or RecordType.Any))
        {
            return Found.Empty;
        }
        var weight = (ushort)Math.Max(1, 100 / targets.Count);
        return new Found(
            [.. targets.Select(t => new SrvRecord(name, Ttl, 0, weight, (ushort)t.Port.Port, t.Target))],
            [.. targets.DistinctBy(t => t.Target).Select(t => Address(t.Target, t.Address))]);
    }

    /// <summary><c>a-b-c-d.NS.pod.ZONE</c> is the pod at that address (CoreDNS' <c>pods insecure</c>, k3s' setting).</summary>
    private static Found? PodName(DomainName name, string[] labels, RecordType type) => labels switch
    {
        [] or [_] => Found.Empty,
        [var dashed, _] when ParseDashed(dashed) is { } address => Addresses(name, type, [address]),
        _ => null,
    };

    private static IPAddress? ParseDashed(string dashed)
    {
        var text = dashed.Count(c => c == '-') == 3 ? dashed.Replace('-', '.') : dashed.Replace('-', ':');
        return IPAddress.TryParse(text, out var address) && (address.AddressFamily == AddressFamily.InterNetwork) == (text.Contains('.')) ? address : null;
    }

    /// <summary>A/AAAA of one family as asked; the name exists either way, so the other family is NODATA.</summary>
    private static Found Addresses(DomainName name, RecordType type, IReadOnlyList<IPAddress> addresses)
    {
        var family = type switch
        {
            RecordType.A => AddressFamily.InterNetwork,
            RecordType.Aaaa => AddressFamily.InterNetworkV6,
            _ => (AddressFamily?)null,
        };
        return new Found([.. addresses.Where(a => a.AddressFamily == family || type == RecordType.Any).Select(a => Address(name, a))], []);
    }

    private static DnsRecordBase Address(DomainName name, IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork ? new ARecord(name, Ttl, address) : new AaaaRecord(name, Ttl, address);

    /// <summary>PTR for a Service's cluster IP, else an endpoint's address; null when neither is the cluster's.</summary>
    private Found? Reverse(DomainName name, IPAddress address, RecordType type)
    {
        var targets = _model.Services.Where(s => s.ClusterIPs.Contains(address))
            .Select(s => new DomainName([s.Name, s.Namespace, "svc", .. _zone]))
            .Concat(_model.AllEndpoints.Where(e => e.Endpoint.Address.Equals(address))
                .Select(e => new DomainName([e.Endpoint.Label, e.Service.Name, e.Service.Namespace, "svc", .. _zone])))
            .ToList();
        if (targets.Count == 0)
        {
            return null;
        }
        return type is RecordType.Ptr or RecordType.Any ? new Found([.. targets.Select(t => new PtrRecord(name, Ttl, t))], []) : Found.Empty;
    }

    /// <summary>The address a reverse name stands for: four labels under in-addr.arpa, or 32 nibbles under ip6.arpa.</summary>
    private static IPAddress? ReverseAddress(string[] labels)
    {
        if (labels is [var d, var c, var b, var a, "in-addr", "arpa"])
        {
            return IPAddress.TryParse($"{a}.{b}.{c}.{d}", out var v4) && v4.AddressFamily == AddressFamily.InterNetwork ? v4 : null;
        }
        if (labels.Length == 34 && labels[^2..] is ["ip6", "arpa"] && labels[..32].All(l => l.Length == 1 && Uri.IsHexDigit(l[0])))
        {
            var hex = string.Concat(labels[..32].Reverse());
            return IPAddress.Parse(string.Join(':', Enumerable.Range(0, 8).Select(i => hex.Substring(i * 4, 4))));
        }
        return null;
    }

    private SoaRecord Soa() =>
        new(_zoneName, Ttl, NameServerName, new DomainName(["hostmaster", .. _zone]), _model.Serial, 7200, 1800, 86400, Ttl);

    private static string Label(string? value) => "_" + value?.ToLowerInvariant();

    /// <summary>What a name has: answers of the asked type (none: NODATA) and the additional records that go with them.</summary>
    private sealed record Found(IReadOnlyList<DnsRecordBase> Answers, IReadOnlyList<DnsRecordBase> Additionals)
    {
        public static readonly Found Empty = new([], []);

        public static Found When(bool asked, DnsRecordBase record) => asked ? new Found([record], []) : Empty;
    }
}
