using System.Net;
using System.Text.Json.Nodes;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// Cluster DNS on real containers: every node's agent answers on the kube-dns Service's address, pods' resolv.conf
/// names it with the namespace's search path, and busybox's nslookup in a pod (and a DNS client in the test process)
/// finds Services by short name, svc.ns and FQDN, a headless Service's pods and hostnames, SRV and PTR records;
/// an unknown name is NXDOMAIN; dnsPolicy None takes the pod's dnsConfig.
/// </summary>
public sealed class ClusterDnsTests(ClusterDnsCluster cluster) : IClassFixture<ClusterDnsCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private Api.Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task KubeDnsService_IsOnTheTenthAddress_MarkedNodeLocal()
    {
        var service = JsonNode.Parse(await Kubectl.OkAsync("get", "service", "kube-dns", "-n", "kube-system", "-o", "json"))!;

        Assert.Equal(cluster.KubeDnsAddress, service["spec"]!["clusterIP"]!.GetValue<string>());
        Assert.Equal("true", service["metadata"]!["annotations"]!["berth.dev/node-local"]!.GetValue<string>());
        Assert.Equal("kube-dns", service["metadata"]!["labels"]!["k8s-app"]!.GetValue<string>());
        Assert.Null(service["spec"]!["selector"]);
        Assert.Equal(["dns 53/UDP", "dns-tcp 53/TCP"],
            service["spec"]!["ports"]!.AsArray().Select(p => $"{p!["name"]} {p["port"]}/{p["protocol"]}"));
    }

    [Fact]
    public async Task ClientPod_ResolvesAServiceByShortNameSvcNsAndFqdn()
    {
        await DeployAsync();
        var clusterIp = (await Kubectl.OkAsync("get", "service", "web", "-o", "jsonpath={.spec.clusterIP}")).Trim();

        Assert.Equal($"nameserver {cluster.KubeDnsAddress}\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n",
            await Kubectl.OkAsync("exec", "client", "--", "cat", "/etc/resolv.conf"));
        foreach (var name in new[] { "web", "web.default.svc.cluster.local", "WEB.Default.svc.CLUSTER.local" })
        {
            var answer = await NslookupAsync("-type=a", name);
            Assert.True(answer.Contains($"Address: {clusterIp}"), answer);
            Assert.Contains("Name:\tweb.default.svc.cluster.local", answer, StringComparison.OrdinalIgnoreCase);
        }
        // busybox's nslookup tries the search path for names without a dot only; the libc resolver behind ping
        // follows ndots:5, so web.default becomes web.default.svc.cluster.local (the address need not answer).
        var ping = await Kubectl.RunAsync("exec", "client", "--", "ping", "-c", "1", "-W", "1", "web.default");
        Assert.True(ping.Stdout.Contains($"PING web.default ({clusterIp})"), ping.Stdout + ping.Stderr);
    }

    [Fact]
    public async Task HeadlessService_ListsItsReadyPods_AndTheirHostnames()
    {
        await DeployAsync();
        var ips = new Dictionary<string, string>();
        foreach (var peer in new[] { "peer-0", "peer-1" })
        {
            ips[peer] = (await cluster.PodAsync(peer))["status"]!["podIP"]!.GetValue<string>();
        }

        var listed = await Poll.ForAsync(() => NslookupAsync("-type=a", "peers"),
            a => ips.Values.All(ip => a.Contains($"Address: {ip}")), Patience, "both peers in the headless Service's answer");
        var own = await NslookupAsync("-type=a", "p0.peers.default.svc.cluster.local");

        Assert.Equal(2, listed.Split('\n').Count(l => l.StartsWith("Address: ", StringComparison.Ordinal)));
        Assert.Contains($"Address: {ips["peer-0"]}", own);
        Assert.DoesNotContain(ips["peer-1"], own);
    }

    [Fact]
    public async Task SrvPtrAndVersion_AnswerOnTheNodesListener()
    {
        await DeployAsync();
        var clusterIp = IPAddress.Parse((await Kubectl.OkAsync("get", "service", "web", "-o", "jsonpath={.spec.clusterIP}")).Trim());
        var peer = IPAddress.Parse((await cluster.PodAsync("peer-0"))["status"]!["podIP"]!.GetValue<string>());
        var dns = new DnsClient(IPAddress.Parse(cluster.KubeDnsAddress), 5000);

        var srv = await dns.ResolveAsync(DomainName.Parse("_http._tcp.web.default.svc.cluster.local"), RecordType.Srv);
        var headlessSrv = await Poll.ForAsync(() => dns.ResolveAsync(DomainName.Parse("_http._tcp.peers.default.svc.cluster.local"), RecordType.Srv),
            r => r!.AnswerRecords.Count == 2, Patience, "an SRV record per peer");
        var ptr = await dns.ResolveAsync(clusterIp.GetReverseLookupDomain(), RecordType.Ptr);
        var peerPtr = await dns.ResolveAsync(peer.GetReverseLookupDomain(), RecordType.Ptr);
        var version = await dns.ResolveAsync(DomainName.Parse("dns-version.cluster.local"), RecordType.Txt);
        var inPod = await NslookupAsync("-type=srv", "_http._tcp.web.default.svc.cluster.local");

        var record = Assert.IsType<SrvRecord>(Assert.Single(srv!.AnswerRecords));
        Assert.Equal(80, record.Port);
        Assert.Equal("web.default.svc.cluster.local.", record.Target.ToString());
        Assert.Equal(["p0.peers.default.svc.cluster.local.", "p1.peers.default.svc.cluster.local."],
            headlessSrv!.AnswerRecords.OfType<SrvRecord>().Select(r => r.Target.ToString()).Order());
        Assert.Equal("web.default.svc.cluster.local.", Assert.IsType<PtrRecord>(Assert.Single(ptr!.AnswerRecords)).PointerDomainName.ToString());
        Assert.Equal("p0.peers.default.svc.cluster.local.", Assert.IsType<PtrRecord>(Assert.Single(peerPtr!.AnswerRecords)).PointerDomainName.ToString());
        Assert.Equal("1.1.0", Assert.IsType<TxtRecord>(Assert.Single(version!.AnswerRecords)).TextData);
        Assert.Contains("web.default.svc.cluster.local", inPod);
        Assert.Contains("80", inPod);
    }

    [Fact]
    public async Task UnknownName_IsNxdomain_AndAQueryOverTcpIsAnsweredToo()
    {
        await DeployAsync();
        var dns = new DnsClient([IPAddress.Parse(cluster.KubeDnsAddress)], [new TcpClientTransport()], queryTimeout: 5000);

        var missing = await dns.ResolveAsync(DomainName.Parse("nothere.default.svc.cluster.local"), RecordType.A);
        var web = await dns.ResolveAsync(DomainName.Parse("web.default.svc.cluster.local"), RecordType.A);
        var inPod = await NslookupAsync("-type=a", "nothere.default.svc.cluster.local");

        Assert.Equal(ReturnCode.NxDomain, missing!.ReturnCode);
        Assert.Single(web!.AnswerRecords);
        Assert.Contains("NXDOMAIN", inPod);
    }

    [Fact]
    public async Task DnsPolicyNone_TakesThePodsDnsConfig()
    {
        await Kubectl.ApplyAsync($$$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: custom-dns}
            spec:
              dnsPolicy: None
              dnsConfig:
                nameservers: [192.0.2.1]
                searches: [my.dns.search.suffix]
                options:
                - {name: ndots, value: "2"}
                - {name: edns0}
              terminationGracePeriodSeconds: 1
              containers:
              - {name: busybox, image: {{{cluster.Image}}}, command: [sleep, "3600"]}
            """);
        await Kubectl.OkAsync("wait", "--for=condition=Ready", "pod/custom-dns", "--timeout=120s");

        Assert.Equal("nameserver 192.0.2.1\nsearch my.dns.search.suffix\noptions ndots:2 edns0\n",
            await Kubectl.OkAsync("exec", "custom-dns", "--", "cat", "/etc/resolv.conf"));
    }

    /// <summary>busybox nslookup in the client pod: what it printed, whatever its exit code (NXDOMAIN is 1).</summary>
    private async Task<string> NslookupAsync(params string[] args)
    {
        var run = await Kubectl.RunAsync(["exec", "client", "--", "nslookup", .. args]);
        return run.Stdout + run.Stderr;
    }

    /// <summary>A ClusterIP Service web (port http 80 to 8080) over one httpd pod, a headless Service peers over two pods with hostnames p0 and p1, and a client pod; idempotent.</summary>
    private async Task DeployAsync()
    {
        await Kubectl.ApplyAsync($$$"""
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              selector: {app: web}
              ports: [{name: http, port: 80, targetPort: 8080, protocol: TCP}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: peers}
            spec:
              clusterIP: None
              selector: {app: peer}
              ports: [{name: http, port: 8080, protocol: TCP}]
            ---
            {{{Pod("web-0", "app: web", "")}}}
            ---
            {{{Pod("peer-0", "app: peer", "hostname: p0, subdomain: peers, ")}}}
            ---
            {{{Pod("peer-1", "app: peer", "hostname: p1, subdomain: peers, ")}}}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: client}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - {name: busybox, image: {{{cluster.Image}}}, command: [sleep, "3600"]}
            """);
        foreach (var pod in new[] { "web-0", "peer-0", "peer-1", "client" })
        {
            await Kubectl.OkAsync("wait", "--for=condition=Ready", $"pod/{pod}", "--timeout=120s");
        }
    }

    /// <summary>One line of YAML: an httpd pod on 8080 with these labels and extra spec fields ("key: value, ").</summary>
    private string Pod(string name, string labels, string spec) =>
        "{apiVersion: v1, kind: Pod, metadata: {name: " + name + ", labels: {" + labels + "}}, spec: {" + spec
        + "terminationGracePeriodSeconds: 1, containers: [{name: busybox, image: " + cluster.Image + ", command: [httpd, -f, -p, \"8080\", -h, /etc]}]}}";
}
