using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Berth.Agent.ClusterDns;
using k8s.Models;

namespace Berth.Agent.Tests.ClusterDns;

public class ClusterDnsResponderTests
{
    private static readonly IPAddress Self = IPAddress.Parse("10.43.0.10");

    /// <summary>name, type, expected return code, expected answers ("TYPE data", in order).</summary>
    public static TheoryData<string, RecordType, ReturnCode, string[]> Cases => new()
    {
        // A ClusterIP Service: A, AAAA NODATA on IPv4-only, any case, with or without the final dot.
        { "web.shop.svc.cluster.local", RecordType.A, ReturnCode.NoError, ["A 10.43.0.20"] },
        { "WEB.Shop.SVC.cluster.LOCAL.", RecordType.A, ReturnCode.NoError, ["A 10.43.0.20"] },
        { "web.shop.svc.cluster.local", RecordType.Aaaa, ReturnCode.NoError, [] },
        { "web.shop.svc.cluster.local", RecordType.Txt, ReturnCode.NoError, [] },
        { "nothere.shop.svc.cluster.local", RecordType.A, ReturnCode.NxDomain, [] },
        { "web.other.svc.cluster.local", RecordType.A, ReturnCode.NxDomain, [] },
        // Names above a Service exist (empty non-terminals); a namespace without Services does not.
        { "shop.svc.cluster.local", RecordType.A, ReturnCode.NoError, [] },
        { "empty.svc.cluster.local", RecordType.A, ReturnCode.NxDomain, [] },
        { "svc.cluster.local", RecordType.A, ReturnCode.NoError, [] },
        { "cluster.local", RecordType.A, ReturnCode.NoError, [] },
        { "cluster.local", RecordType.Soa, ReturnCode.NoError, ["SOA ns.dns.cluster.local hostmaster.cluster.local"] },
        { "cluster.local", RecordType.Ns, ReturnCode.NoError, ["NS ns.dns.cluster.local"] },
        { "ns.dns.cluster.local", RecordType.A, ReturnCode.NoError, ["A 10.43.0.10"] },
        { "other.cluster.local", RecordType.A, ReturnCode.NxDomain, [] },
        // The search path's misses are NXDOMAIN here, not forwarded.
        { "web.shop.shop.svc.cluster.local", RecordType.A, ReturnCode.NxDomain, [] },
        { "example.com.shop.svc.cluster.local", RecordType.A, ReturnCode.NxDomain, [] },
        // SRV for named ports of a ClusterIP Service; an unnamed port has none.
        { "_http._tcp.web.shop.svc.cluster.local", RecordType.Srv, ReturnCode.NoError, ["SRV 80 web.shop.svc.cluster.local"] },
        { "_HTTP._TCP.web.shop.svc.cluster.local", RecordType.Srv, ReturnCode.NoError, ["SRV 80 web.shop.svc.cluster.local"] },
        { "_dns._udp.web.shop.svc.cluster.local", RecordType.Srv, ReturnCode.NoError, ["SRV 53 web.shop.svc.cluster.local"] },
        { "_http._udp.web.shop.svc.cluster.local", RecordType.Srv, ReturnCode.NxDomain, [] },
        { "_ftp._tcp.web.shop.svc.cluster.local", RecordType.Srv, ReturnCode.NxDomain, [] },
        { "_http._tcp.web.shop.svc.cluster.local", RecordType.A, ReturnCode.NoError, [] },
        { "_tcp.web.shop.svc.cluster.local", RecordType.Srv, ReturnCode.NoError, [] },
        { "web.shop.svc.cluster.local", RecordType.Srv, ReturnCode.NoError, ["SRV 80 web.shop.svc.cluster.local", "SRV 53 web.shop.svc.cluster.local"] },
        // A headless Service: one A per ready endpoint, its hostname and dashed-address names, SRV per endpoint.
        { "db.shop.svc.cluster.local", RecordType.A, ReturnCode.NoError, ["A 10.42.0.5", "A 10.42.0.6"] },
        { "db-0.db.shop.svc.cluster.local", RecordType.A, ReturnCode.NoError, ["A 10.42.0.5"] },
        { "10-42-0-6.db.shop.svc.cluster.local", RecordType.A, ReturnCode.NoError, ["A 10.42.0.6"] },
        { "db-0.db.shop.svc.cluster.local", RecordType.Aaaa, ReturnCode.NoError, [] },
        { "db-9.db.shop.svc.cluster.local", RecordType.A, ReturnCode.NxDomain, [] },
        { "10-42-0-7.db.shop.svc.cluster.local", RecordType.A, ReturnCode.NxDomain, [] },
        { "x.web.shop.svc.cluster.local", RecordType.A, ReturnCode.NxDomain, [] },
        { "_pg._tcp.db.shop.svc.cluster.local", RecordType.Srv, ReturnCode.NoError,
            ["SRV 5432 db-0.db.shop.svc.cluster.local", "SRV 5432 10-42-0-6.db.shop.svc.cluster.local"] },
        { "lonely.shop.svc.cluster.local", RecordType.A, ReturnCode.NxDomain, [] },
        // ExternalName: a CNAME whatever is asked; one inside the zone is followed.
        { "ext.shop.svc.cluster.local", RecordType.A, ReturnCode.NoError, ["CNAME www.example.com"] },
        { "ext.shop.svc.cluster.local", RecordType.CName, ReturnCode.NoError, ["CNAME www.example.com"] },
        { "alias.shop.svc.cluster.local", RecordType.A, ReturnCode.NoError, ["CNAME web.shop.svc.cluster.local", "A 10.43.0.20"] },
        { "_http._tcp.ext.shop.svc.cluster.local", RecordType.Srv, ReturnCode.NxDomain, [] },
        // The schema version.
        { "dns-version.cluster.local", RecordType.Txt, ReturnCode.NoError, ["TXT 1.1.0"] },
        { "dns-version.cluster.local", RecordType.A, ReturnCode.NoError, [] },
        // Pods by dashed address.
        { "10-42-0-9.shop.pod.cluster.local", RecordType.A, ReturnCode.NoError, ["A 10.42.0.9"] },
        { "10-42-0-9.shop.pod.cluster.local", RecordType.Aaaa, ReturnCode.NoError, [] },
        { "not-an-ip.shop.pod.cluster.local", RecordType.A, ReturnCode.NxDomain, [] },
        { "10-42-0-999.shop.pod.cluster.local", RecordType.A, ReturnCode.NxDomain, [] },
        { "shop.pod.cluster.local", RecordType.A, ReturnCode.NoError, [] },
        // PTR for cluster IPs and endpoint addresses.
        { "20.0.43.10.in-addr.arpa", RecordType.Ptr, ReturnCode.NoError, ["PTR web.shop.svc.cluster.local"] },
        { "5.0.42.10.in-addr.arpa", RecordType.Ptr, ReturnCode.NoError, ["PTR db-0.db.shop.svc.cluster.local"] },
        { "6.0.42.10.IN-ADDR.ARPA", RecordType.Ptr, ReturnCode.NoError, ["PTR 10-42-0-6.db.shop.svc.cluster.local"] },
        { "20.0.43.10.in-addr.arpa", RecordType.A, ReturnCode.NoError, [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Answer_FollowsTheSpecification(string name, RecordType type, ReturnCode code, string[] answers)
    {
        var response = Responder(Model()).Answer(Query(name, type))!;

        Assert.Equal(code, response.ReturnCode);
        Assert.Equal(answers, response.AnswerRecords.Select(Show));
        Assert.True(response.IsAuthoritiveAnswer);
        if (answers.Length == 0)
        {
            // NXDOMAIN and NODATA carry the zone's SOA, so resolvers cache the denial for its 5 s.
            Assert.Equal("SOA ns.dns.cluster.local hostmaster.cluster.local", Assert.Single(response.AuthorityRecords.Select(Show)));
        }
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("web.shop.svc.cluster.localx")]
    [InlineData("web")]
    [InlineData("99.0.42.10.in-addr.arpa")]
    public void Answer_NamesOutsideTheCluster_AreForwarded(string name)
    {
        Assert.Null(Responder(Model()).Answer(Query(name, RecordType.A)));
    }

    [Fact]
    public async Task AnswerAsync_ForwardsOtherNames_AndChasesAnExternalNameUpstream()
    {
        var asked = new List<string>();
        var responder = new ClusterDnsResponder(Model(), "cluster.local", Self, query =>
        {
            asked.Add(query.Questions[0].Name.ToString());
            var response = query.CreateResponseInstance();
            response.AnswerRecords.Add(new ARecord(query.Questions[0].Name, 60, IPAddress.Parse("192.0.2.53")));
            return Task.FromResult(response);
        });

        var external = await responder.AnswerAsync(Query("ext.shop.svc.cluster.local", RecordType.A));
        var other = await responder.AnswerAsync(Query("example.org", RecordType.A));

        Assert.Equal(["CNAME www.example.com", "A 192.0.2.53"], external.AnswerRecords.Select(Show));
        Assert.Equal(["A 192.0.2.53"], other.AnswerRecords.Select(Show));
        Assert.Equal(["www.example.com.", "example.org."], asked);
    }

    [Fact]
    public void Answer_FollowsChanges_NotReadyEndpointsAndRemovedSlicesDisappear()
    {
        var model = Model();
        var responder = Responder(model);
        model.Upsert(Slice("db-a", "db", ("10.42.0.5", "db-0", false), ("10.42.0.6", null, true)));

        Assert.Equal(["A 10.42.0.6"], responder.Answer(Query("db.shop.svc.cluster.local", RecordType.A))!.AnswerRecords.Select(Show));

        model.Remove(Slice("db-a", "db"));
        model.Remove(Slice("db-b", "db"));
        Assert.Equal(ReturnCode.NxDomain, responder.Answer(Query("db.shop.svc.cluster.local", RecordType.A))!.ReturnCode);

        model.Remove(Service("web", "10.43.0.20"));
        Assert.Equal(ReturnCode.NxDomain, responder.Answer(Query("web.shop.svc.cluster.local", RecordType.A))!.ReturnCode);
        Assert.Null(responder.Answer(Query("20.0.43.10.in-addr.arpa", RecordType.Ptr)));
    }

    [Fact]
    public void Answer_ASliceThatMovesToAnotherService_LeavesTheFirst()
    {
        var model = Model();
        model.Upsert(Slice("db-a", "lonely", ("10.42.0.5", "db-0", true)));

        var responder = Responder(model);
        Assert.Equal(["A 10.42.0.5"], responder.Answer(Query("lonely.shop.svc.cluster.local", RecordType.A))!.AnswerRecords.Select(Show));
        Assert.Equal(["A 10.42.0.6"], responder.Answer(Query("db.shop.svc.cluster.local", RecordType.A))!.AnswerRecords.Select(Show));
    }

    private static ClusterDnsResponder Responder(ClusterDnsModel model) =>
        new(model, "cluster.local", Self, _ => throw new InvalidOperationException("nothing is forwarded here"));

    /// <summary>Namespace shop: web (ClusterIP, ports http/TCP 80, dns/UDP 53, an unnamed one), db (headless, two ready endpoints and one not ready), lonely (headless, no endpoints), ext and alias (ExternalName).</summary>
    private static ClusterDnsModel Model()
    {
        var model = new ClusterDnsModel();
        var web = Service("web", "10.43.0.20");
        web.Spec.Ports = [new V1ServicePort { Port = 80, Name = "http", Protocol = "TCP" }, new V1ServicePort { Port = 53, Name = "dns", Protocol = "UDP" }, new V1ServicePort { Port = 8080, Protocol = "TCP" }];
        model.Upsert(web);
        model.Upsert(Service("db", "None"));
        model.Upsert(Service("lonely", "None"));
        var ext = Service("ext", null);
        ext.Spec.Type = "ExternalName";
        ext.Spec.ExternalName = "www.example.com";
        model.Upsert(ext);
        var alias = Service("alias", null);
        alias.Spec.Type = "ExternalName";
        alias.Spec.ExternalName = "web.shop.svc.cluster.local.";
        model.Upsert(alias);
        model.Upsert(Slice("db-a", "db", ("10.42.0.5", "db-0", true), ("10.42.0.7", null, false)));
        model.Upsert(Slice("db-b", "db", ("10.42.0.6", null, true)));
        return model;
    }

    private static V1Service Service(string name, string? clusterIp) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "shop" },
        Spec = new V1ServiceSpec { ClusterIP = clusterIp, ClusterIPs = clusterIp is null ? null : [clusterIp], Type = "ClusterIP" },
    };

    private static V1EndpointSlice Slice(string name, string service, params (string Address, string? Hostname, bool Ready)[] endpoints) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "shop", Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = service } },
        AddressType = "IPv4",
        Ports = [new Discoveryv1EndpointPort { Name = "pg", Protocol = "TCP", Port = 5432 }],
        Endpoints = [.. endpoints.Select(e => new V1Endpoint { Addresses = [e.Address], Hostname = e.Hostname, Conditions = new V1EndpointConditions { Ready = e.Ready } })],
    };

    private static DnsMessage Query(string name, RecordType type)
    {
        var query = new DnsMessage { TransactionID = 7, IsRecursionDesired = true };
        query.Questions.Add(new DnsQuestion(DomainName.Parse(name), type, RecordClass.INet));
        return query;
    }

    private static string Show(DnsRecordBase record) => record switch
    {
        ARecord a => $"A {a.Address}",
        AaaaRecord aaaa => $"AAAA {aaaa.Address}",
        CNameRecord c => $"CNAME {c.CanonicalName.ToString().TrimEnd('.')}",
        SrvRecord s => $"SRV {s.Port} {s.Target.ToString().TrimEnd('.')}",
        PtrRecord p => $"PTR {p.PointerDomainName.ToString().TrimEnd('.')}",
        TxtRecord t => $"TXT {string.Join(" ", t.TextParts)}",
        NsRecord n => $"NS {n.NameServer.ToString().TrimEnd('.')}",
        SoaRecord soa => $"SOA {soa.MasterName.ToString().TrimEnd('.')} {soa.ResponsibleName.ToString().TrimEnd('.')}",
        _ => record.ToString(),
    };
}
