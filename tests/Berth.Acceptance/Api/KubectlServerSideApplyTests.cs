using System.Text.Json.Nodes;

namespace Berth.Acceptance.Api;

/// <summary>
/// `kubectl apply --server-side` against the real server, checked against what kube-apiserver 1.32
/// does: list keys of several fields, removal of what an applier stops applying, ownership of defaults.
/// </summary>
public sealed class KubectlServerSideApplyTests(SqliteApiServer fixture) : IClassFixture<SqliteApiServer>
{
    private readonly Kubectl _kubectl = fixture.Kubectl;

    private static string Suffix() => Guid.NewGuid().ToString("N")[..6];

    private static string Pod(string name, string ports) => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
        spec:
          containers:
          - name: dns
            image: busybox:1.36
            ports:
        {{ports}}
        """;

    private static string DnsDeployment(string name, string ports) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
        spec:
          selector:
            matchLabels: {app: {{name}}}
          template:
            metadata:
              labels: {app: {{name}}}
            spec:
              containers:
              - name: dns
                image: busybox:1.36
                ports:
        {{ports}}
        """;

    private static string Deployment(string name, string labels) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
          {{labels}}
        spec:
          selector:
            matchLabels: {app: {{name}}}
          template:
            metadata:
              labels: {app: {{name}}}
            spec:
              containers:
              - name: web
                image: nginx:1.25
        """;

    private async Task<ProcessResult> ApplyAsync(string manifest, params string[] args) =>
        await _kubectl.RunWithStdinAsync(manifest, ["apply", "--server-side", .. args, "-f", "-"]);

    private async Task<JsonObject> GetAsync(string kind, string name) =>
        JsonNode.Parse(await _kubectl.OkAsync("get", kind, name, "-o", "json", "--show-managed-fields"))!.AsObject();

    private static JsonObject FieldsOf(JsonObject obj, string manager) =>
        obj["metadata"]!["managedFields"]!.AsArray().Single(e => e!["manager"]!.GetValue<string>() == manager)!["fieldsV1"]!.AsObject();

    [Fact]
    public async Task Apply_TcpAndUdpPortOfOneNumberThenUdpDropped_KeepsBothThenOnlyTcp()
    {
        var name = $"dns-{Suffix()}";
        var both = DnsDeployment(name, """
                        - containerPort: 53
                          name: dns-tcp
                        - containerPort: 53
                          protocol: UDP
                          name: dns-udp
            """);

        var first = await ApplyAsync(both);
        var deployment = await GetAsync("deployment", name);
        var yaml = await _kubectl.OkAsync("get", "deployment", name, "-o", "yaml", "--show-managed-fields");
        var second = await ApplyAsync(DnsDeployment(name, """
                        - containerPort: 53
                          name: dns-tcp
            """));
        var after = await GetAsync("deployment", name);

        Assert.True(first.ExitCode == 0, first.Stderr);
        var ports = Container(deployment)["ports"]!.AsArray();
        Assert.Equal(["TCP", "UDP"], ports.Select(p => p!["protocol"]!.GetValue<string>()));
        Assert.Contains("""k:{"containerPort":53,"protocol":"TCP"}:""", yaml);
        Assert.Contains("""k:{"containerPort":53,"protocol":"UDP"}:""", yaml);
        Assert.True(second.ExitCode == 0, second.Stderr);
        var remaining = Assert.Single(Container(after)["ports"]!.AsArray())!;
        Assert.Equal("dns-tcp", remaining["name"]!.GetValue<string>());
        Assert.Equal("TCP", remaining["protocol"]!.GetValue<string>());
        var owned = FieldsOf(after, "kubectl")["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"dns\"}"]!["f:ports"]!.AsObject();
        Assert.Equal(["k:{\"containerPort\":53,\"protocol\":\"TCP\"}"], owned.Select(p => p.Key));
    }

    private static JsonObject Container(JsonObject deployment) => deployment["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();

    [Fact]
    public async Task Apply_ServicePortsOfOneNumber_KeyedByPortAndProtocol()
    {
        var name = $"svc-{Suffix()}";
        var service = $$"""
            apiVersion: v1
            kind: Service
            metadata: {name: {{name}}}
            spec:
              selector: {app: dns}
              ports:
              - {name: dns-tcp, port: 53}
              - {name: dns-udp, port: 53, protocol: UDP}
            """;

        var applied = await ApplyAsync(service);
        var stored = await GetAsync("service", name);

        Assert.True(applied.ExitCode == 0, applied.Stderr);
        Assert.Equal(["dns-tcp", "dns-udp"], stored["spec"]!["ports"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        var owned = FieldsOf(stored, "kubectl")["f:spec"]!["f:ports"]!.AsObject();
        Assert.Equal(["k:{\"port\":53,\"protocol\":\"TCP\"}", "k:{\"port\":53,\"protocol\":\"UDP\"}"], owned.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Apply_RepeatedPortKey_IsRejectedAndNothingIsStored()
    {
        var name = $"dup-{Suffix()}";

        var result = await ApplyAsync(Pod(name, """
                - containerPort: 80
                - containerPort: 80
                  protocol: TCP
            """));
        var get = await _kubectl.RunAsync("get", "pod", name);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Error from server (BadRequest)", result.Stderr);
        Assert.Contains("duplicate entries for key [containerPort=80,protocol=\"TCP\"]", result.Stderr);
        Assert.Contains("not found", get.Stderr);
    }

    [Fact]
    public async Task Apply_TwoManagersShareLabelsAndEachDropsTheirs_KeepsTheOthersThenLeavesNoLabels()
    {
        var name = $"two-{Suffix()}";
        var sharedLabels = Deployment(name, "labels: {tier: web}");
        var teamLabel = $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n  labels: {{team: blue}}\n";

        var first = await ApplyAsync(sharedLabels, "--field-manager=ci");
        var second = await ApplyAsync(teamLabel, "--field-manager=team");
        var both = await GetAsync("deployment", name);
        var ciDrops = await ApplyAsync(Deployment(name, ""), "--field-manager=ci");
        var teamOnly = await GetAsync("deployment", name);
        var teamDrops = await ApplyAsync($"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n", "--field-manager=team");
        var none = await GetAsync("deployment", name);

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first.Stderr + second.Stderr);
        Assert.Equal("""{"team":"blue","tier":"web"}""", Sorted(both["metadata"]!["labels"]!));
        Assert.True(ciDrops.ExitCode == 0, ciDrops.Stderr);
        Assert.Equal("""{"team":"blue"}""", Sorted(teamOnly["metadata"]!["labels"]!));
        Assert.Null(FieldsOf(teamOnly, "ci")["f:metadata"]);
        Assert.True(teamDrops.ExitCode == 0, teamDrops.Stderr);
        Assert.False(none["metadata"]!.AsObject().ContainsKey("labels"));
        Assert.DoesNotContain(none["metadata"]!["managedFields"]!.AsArray(), e => e!["manager"]!.GetValue<string>() == "team");
        Assert.Equal("nginx:1.25", none["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task Apply_DefaultedFields_AreUnownedByTheApplierButOwnedByACreator()
    {
        var applied = $"ssa-{Suffix()}";
        var created = $"upd-{Suffix()}";

        var result = await ApplyAsync(Deployment(applied, ""));
        await _kubectl.OkAsync("create", "deployment", created, "--image=nginx:1.25");
        var byApply = await GetAsync("deployment", applied);
        var byCreate = await GetAsync("deployment", created);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(600, byApply["spec"]!["progressDeadlineSeconds"]!.GetValue<int>());
        Assert.Equal("IfNotPresent", byApply["spec"]!["template"]!["spec"]!["containers"]![0]!["imagePullPolicy"]!.GetValue<string>());
        var applier = FieldsOf(byApply, "kubectl")["f:spec"]!;
        Assert.Null(applier["f:progressDeadlineSeconds"]);
        Assert.Null(applier["f:template"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"web\"}"]!["f:imagePullPolicy"]);
        Assert.NotNull(applier["f:template"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"web\"}"]!["f:image"]);
        var creator = FieldsOf(byCreate, "kubectl-create")["f:spec"]!;
        Assert.NotNull(creator["f:progressDeadlineSeconds"]);
        Assert.NotNull(creator["f:template"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"nginx\"}"]!["f:imagePullPolicy"]);
    }

    [Fact]
    public async Task Apply_ThroughEventsV1OntoACoreEvent_ConflictsInTheCoreVersionAndEntriesKeepTheirVersions()
    {
        var name = $"ev-{Suffix()}";
        var core = $$"""
            apiVersion: v1
            kind: Event
            metadata: {name: {{name}}}
            involvedObject: {kind: Pod, name: {{name}}, namespace: default}
            reason: Started
            message: started container
            type: Normal
            """;
        var note = $$"""
            apiVersion: events.k8s.io/v1
            kind: Event
            metadata: {name: {{name}}}
            note: restarted container
            """;

        await _kubectl.RunWithStdinAsync(core, "create", "-f", "-");
        var conflict = await ApplyAsync(note, "--field-manager=agent");
        var forced = await ApplyAsync(note, "--field-manager=agent", "--force-conflicts");
        var viaCore = await GetAsync("events.v1.", name);
        var viaEvents = await GetAsync("events.v1.events.k8s.io", name);

        Assert.Contains("conflict with \"kubectl-create\" using v1: .message", conflict.Stderr);
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        Assert.Equal("restarted container", viaCore["message"]!.GetValue<string>());
        foreach (var view in new[] { viaCore, viaEvents })
        {
            var creator = view["metadata"]!["managedFields"]!.AsArray().Single(e => e!["manager"]!.GetValue<string>() == "kubectl-create")!;
            var agent = view["metadata"]!["managedFields"]!.AsArray().Single(e => e!["manager"]!.GetValue<string>() == "agent")!;
            Assert.Equal("v1", creator["apiVersion"]!.GetValue<string>());
            Assert.Null(creator["fieldsV1"]!["f:message"]);
            Assert.NotNull(creator["fieldsV1"]!["f:reason"]);
            Assert.Equal("events.k8s.io/v1", agent["apiVersion"]!.GetValue<string>());
            Assert.NotNull(agent["fieldsV1"]!["f:note"]);
        }
    }

    [Fact]
    public async Task Apply_ServerSideAfterClientSide_TakesOverTheClientSideFieldsAndDropsWhatItNoLongerApplies()
    {
        var name = $"csa-{Suffix()}";

        var clientSide = await _kubectl.RunWithStdinAsync(Deployment(name, "labels: {tier: web, team: blue}"), "apply", "-f", "-");
        var serverSide = await ApplyAsync(Deployment(name, "labels: {tier: web}"));
        var deployment = await GetAsync("deployment", name);

        Assert.True(clientSide.ExitCode == 0, clientSide.Stderr);
        Assert.True(serverSide.ExitCode == 0, serverSide.Stderr);
        Assert.Equal("""{"tier":"web"}""", Sorted(deployment["metadata"]!["labels"]!));
        var managers = deployment["metadata"]!["managedFields"]!.AsArray().Select(e => $"{e!["manager"]}/{e["operation"]}").ToList();
        Assert.Contains("kubectl/Apply", managers);
        Assert.DoesNotContain("kubectl-client-side-apply/Update", managers);
        Assert.Equal("nginx:1.25", Container(deployment)["image"]!.GetValue<string>());
    }

    private static string Sorted(JsonNode labels) =>
        new JsonObject(labels.AsObject().OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => KeyValuePair.Create(l.Key, l.Value?.DeepClone()))).ToJsonString();
}
