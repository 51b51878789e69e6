using System.Text.Json.Nodes;
using Berth.Acceptance.Api;
using Berth.Testing;

namespace Berth.Acceptance.Security;

/// <summary>
/// `berth server`'s in-process components act as their own users, not as the admin, as k3s' components do: the audit
/// log shows the scheduler binding a pod as system:kube-scheduler, the embedded agent renewing its Lease and writing its
/// Node's status as system:node:NAME, the node-role labels written by the server, since NodeRestriction keeps them
/// from the node, and each controller as its ServiceAccount in kube-system under its system:controller: role (kube's
/// --use-service-account-credentials), reading through informers that list and watch as system:kube-controller-manager.
/// </summary>
public sealed class ComponentIdentityTests : IAsyncLifetime
{
    private const string Policy = """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        rules:
        - level: Metadata
          omitStages: ["RequestReceived"]
        """;

    private readonly string _nodeName = $"node-{Guid.NewGuid():N}"[..13];
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-identity-").FullName;
    private ApiServerProcess _server = null!;

    private string Log => Path.Combine(_dir, "audit.log");

    public async Task InitializeAsync()
    {
        var policy = Path.Combine(_dir, "policy.yaml");
        await File.WriteAllTextAsync(policy, Policy);
        _server = new ApiServerProcess(null, "--node-name", _nodeName, "--audit-policy-file", policy, "--audit-log-path", Log) { DisableAgent = false };
        await _server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task SchedulerAndEmbeddedAgent_ActAsTheirOwnUsers()
    {
        var kubectl = new Kubectl(_server);
        // Never started: an image no registry serves. Only its binding matters here.
        await kubectl.OkAsync("run", "placed", "--image=127.0.0.1:1/none:1", "--restart=Never",
            "--overrides={\"spec\":{\"hostNetwork\":true}}");
        await Poll.UntilAsync(async () => (await kubectl.OkAsync("get", "pod", "placed", "-o", "jsonpath={.spec.nodeName}")).Trim() == _nodeName,
            TimeSpan.FromMinutes(1), () => $"the pod bound to {_nodeName}");

        var node = $"system:node:{_nodeName}";
        var events = await Poll.ForAsync(ReadEventsAsync, e => e.Any(IsNodeLeaseRenewal) && e.Any(IsBinding), TimeSpan.FromMinutes(1),
            "the binding and a renewal of the node's Lease in the audit log");

        Assert.All(events.Where(IsBinding), e => Assert.Equal("system:kube-scheduler", User(e)));
        Assert.All(events.Where(IsNodeLeaseRenewal), e => Assert.Equal(node, User(e)));
        Assert.Contains(events, e => Ref(e, "resource") == "nodes" && Ref(e, "subresource") == "status" && User(e) == node);
        Assert.Contains(events, e => Ref(e, "resource") == "nodes" && Text(e, "verb") == "patch" && Ref(e, "subresource") == "" && User(e) == "system:admin");
        var roles = await kubectl.OkAsync("get", "node", _nodeName, "-o", "jsonpath={.metadata.labels.node-role\\.kubernetes\\.io/control-plane}");
        Assert.Equal("true", roles.Trim());
        // The agent unmounts the pod's volumes before the server stops and its data dir is removed.
        await kubectl.OkAsync("delete", "pod", "placed", "--timeout=2m");
    }

    [Fact]
    public async Task Controllers_WriteAsTheirServiceAccounts_AndReadThroughTheControllerManager()
    {
        var kubectl = new Kubectl(_server);
        // Its pod is never placed (no node has the label), so no node starts it: only who creates what matters here.
        var deployment = JsonNode.Parse(await kubectl.OkAsync("create", "deployment", "web", "--image=127.0.0.1:1/none:1", "--dry-run=client", "-o", "json"))!;
        deployment["spec"]!["template"]!["spec"]!["nodeSelector"] = new JsonObject { ["berth.test/none"] = "true" };
        await kubectl.ApplyAsync(deployment.ToJsonString());

        var events = await Poll.ForAsync(ReadEventsAsync, e => e.Any(IsCreate("replicasets")) && e.Any(IsCreate("pods")), TimeSpan.FromMinutes(1),
            "the ReplicaSet and the Pod created in the audit log");

        Assert.All(events.Where(IsCreate("replicasets")), e => Assert.Equal(ControllerUser("deployment-controller"), User(e)));
        Assert.All(events.Where(IsCreate("pods")), e => Assert.Equal(ControllerUser("replicaset-controller"), User(e)));
        Assert.Contains(events, e => Ref(e, "resource") == "replicasets" && Text(e, "verb") == "watch" && User(e) == "system:kube-controller-manager");
    }

    [Fact]
    public async Task ControllerServiceAccounts_HoldOnlyTheirRoles()
    {
        var kubectl = new Kubectl(_server);
        async Task<string> CanAsync(string controller, params string[] request) =>
            (await kubectl.RunAsync(["auth", "can-i", .. request, "--as", ControllerUser(controller)])).Stdout.Trim();

        Assert.Equal("yes", await CanAsync("replicaset-controller", "create", "pods", "-n", "default"));
        Assert.Equal("no", await CanAsync("replicaset-controller", "get", "secrets", "-n", "default"));
        Assert.Equal("no", await CanAsync("replicaset-controller", "create", "deployments.apps", "-n", "default"));
        Assert.Equal("yes", await CanAsync("namespace-controller", "deletecollection", "secrets", "-n", "default"));
        Assert.Equal("no", await CanAsync("deployment-controller", "create", "pods", "-n", "default"));
        var bindings = await kubectl.OkAsync("get", "clusterrolebinding", "system:controller:replicaset-controller",
            "-o", "jsonpath={.roleRef.name} {.subjects[0].kind} {.subjects[0].namespace}/{.subjects[0].name}");
        Assert.Equal("system:controller:replicaset-controller ServiceAccount kube-system/replicaset-controller", bindings.Trim());
        var accounts = (await kubectl.OkAsync("get", "serviceaccounts", "-n", "kube-system", "-o", "name")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("serviceaccount/replicaset-controller", accounts);
        Assert.Contains("serviceaccount/namespace-controller", accounts);
    }

    private static string ControllerUser(string serviceAccount) => $"system:serviceaccount:kube-system:{serviceAccount}";

    private static Func<JsonObject, bool> IsCreate(string resource) =>
        e => Ref(e, "resource") == resource && Ref(e, "subresource") == "" && Text(e, "verb") == "create" && Ref(e, "namespace") == "default";

    private static bool IsBinding(JsonObject e) => Ref(e, "resource") == "pods" && Ref(e, "subresource") == "binding";

    private static bool IsNodeLeaseRenewal(JsonObject e) => Ref(e, "resource") == "leases" && Ref(e, "namespace") == "kube-node-lease" && Text(e, "verb") == "update";

    private async Task<List<JsonObject>> ReadEventsAsync()
    {
        await using var stream = new FileStream(Log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // The last line may be half written.
        return lines.SkipLast(1).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
    }

    private static string User(JsonObject e) => e["user"]!["username"]!.GetValue<string>();

    private static string Text(JsonObject e, string name) => e[name]?.GetValue<string>() ?? "";

    private static string Ref(JsonObject e, string name) => e["objectRef"]?[name]?.GetValue<string>() ?? "";
}
