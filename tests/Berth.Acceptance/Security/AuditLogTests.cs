using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Berth.Acceptance.Api;
using Berth.Testing;

namespace Berth.Acceptance.Security;

/// <summary>
/// kube-apiserver's audit log with the real kubectl: `berth server --audit-policy-file --audit-log-path`
/// on SQLite, two identities (the admin's client certificate and a --token-auth-file user with RBAC
/// to create ConfigMaps), and the JSON lines the server leaves: who did what, the 403 with its
/// decision, bodies by level, Secrets without their data, and the Audit-Id clients see.
/// </summary>
public sealed partial class AuditLogTests : IDisposable
{
    private const string DanaToken = "dana-token-0123456789";
    private const string Password = "correct-horse-battery-staple";
    private const string Policy = """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        rules:
        - level: None
          verbs: ["get"]
          resources:
          - group: coordination.k8s.io
            resources: ["leases"]
          - group: ""
            resources: ["events"]
        - level: RequestResponse
          resources:
          - group: ""
            resources: ["configmaps"]
        - level: Request
          resources:
          - group: ""
            resources: ["secrets"]
        - level: Metadata
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("berth-audit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task AuditLog_RecordsWhoDidWhat_ByThePolicysLevels()
    {
        var policy = Path.Combine(_dir, "policy.yaml");
        var tokens = Path.Combine(_dir, "tokens.csv");
        var log = Path.Combine(_dir, "log", "audit.log");
        await File.WriteAllTextAsync(policy, Policy);
        await File.WriteAllTextAsync(tokens, $"{DanaToken},dana,uid-dana,\"writers\"\n");
        await using var server = new ApiServerProcess(null,
            "--token-auth-file", tokens, "--audit-policy-file", policy, "--audit-log-path", log, "--audit-log-maxsize", "5", "--audit-log-maxbackup", "3");
        await server.StartAsync();
        var admin = new Kubectl(server);
        var dana = new DanaKubectl(server, _dir);
        var ns = $"audit-{Guid.NewGuid():N}"[..14];
        await admin.OkAsync("create", "namespace", ns);
        await admin.OkAsync("create", "role", "cm-writer", "-n", ns, "--verb=create,get", "--resource=configmaps");
        await admin.OkAsync("create", "rolebinding", "cm-writer", "-n", ns, "--role=cm-writer", "--user=dana");
        await Poll.ForAsync(() => dana.RunAsync("auth", "can-i", "create", "configmaps", "-n", ns), r => r.ExitCode == 0, TimeSpan.FromSeconds(20), "dana may create configmaps");

        var created = await dana.RunAsync("create", "configmap", "settings", "-n", ns, "--from-literal=color=blue", "-v=8");
        Assert.True(created.ExitCode == 0, created.Stderr);
        var kubectlAuditId = AuditIdHeader().Matches(created.Stderr).Select(m => m.Groups[1].Value).Last();
        var refused = await dana.RunAsync("create", "secret", "generic", "dana-secret", "-n", ns, $"--from-literal=password={Password}");
        Assert.Contains("secrets is forbidden: User \"dana\" cannot create resource \"secrets\"", refused.Stderr);
        await admin.OkAsync("create", "secret", "generic", "db", "-n", ns, $"--from-literal=password={Password}");
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true }) { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DanaToken);
        using var read = await http.GetAsync($"/api/v1/namespaces/{ns}/configmaps/settings");
        read.EnsureSuccessStatusCode();
        var httpAuditId = read.Headers.GetValues("Audit-Id").Single();
        await admin.OkAsync("get", "leases", "-n", "kube-system");

        // Stopping the server flushes what is queued.
        Assert.Equal(0, await server.StopAsync());
        var lines = Directory.GetFiles(Path.GetDirectoryName(log)!).Order().SelectMany(File.ReadAllLines).ToList();
        var events = lines.Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.All(events, e => Assert.Equal(("Event", "audit.k8s.io/v1"), (Text(e, "kind"), Text(e, "apiVersion"))));
        var done = events.Where(e => Text(e, "stage") == "ResponseComplete").ToList();

        // Dana's ConfigMap: at RequestResponse, with both bodies, and the Audit-Id kubectl was answered.
        var configMap = Assert.Single(done, e => Text(e, "verb") == "create" && Ref(e, "resource") == "configmaps" && Ref(e, "namespace") == ns && Ref(e, "name") == "settings");
        Assert.Equal(kubectlAuditId, Text(configMap, "auditID"));
        Assert.Equal("dana", configMap["user"]!["username"]!.GetValue<string>());
        Assert.Equal(["writers", "system:authenticated"], configMap["user"]!["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Equal(("settings", "v1"), (Ref(configMap, "name"), Ref(configMap, "apiVersion")));
        Assert.Equal("RequestResponse", Text(configMap, "level"));
        Assert.Equal(201, configMap["responseStatus"]!["code"]!.GetValue<int>());
        Assert.Equal("blue", configMap["requestObject"]!["data"]!["color"]!.GetValue<string>());
        Assert.Equal("blue", configMap["responseObject"]!["data"]!["color"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(configMap["responseObject"]!["metadata"]!["uid"]?.GetValue<string>()));
        Assert.Equal("allow", configMap["annotations"]!["authorization.k8s.io/decision"]!.GetValue<string>());
        Assert.Contains(configMap["sourceIPs"]!.AsArray(), ip => ip!.GetValue<string>() == "127.0.0.1");
        Assert.StartsWith("kubectl", Text(configMap, "userAgent"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", Text(configMap, "stageTimestamp"));
        Assert.Contains(events, e => Text(e, "auditID") == kubectlAuditId && Text(e, "stage") == "RequestReceived");

        // Dana's refused Secret: the 403, the decision forbid, never a body.
        var forbidden = Assert.Single(done, e => Text(e, "verb") == "create" && Ref(e, "resource") == "secrets" && e["user"]!["username"]!.GetValue<string>() == "dana");
        Assert.Equal(403, forbidden["responseStatus"]!["code"]!.GetValue<int>());
        Assert.Equal("Forbidden", forbidden["responseStatus"]!["reason"]!.GetValue<string>());
        Assert.Equal("Failure", forbidden["responseStatus"]!["status"]!.GetValue<string>());
        Assert.Contains("User \"dana\" cannot create resource \"secrets\"", forbidden["responseStatus"]!["message"]!.GetValue<string>());
        Assert.Equal("forbid", forbidden["annotations"]!["authorization.k8s.io/decision"]!.GetValue<string>());
        Assert.Null(forbidden["requestObject"]);

        // The admin's Secret: at Request, its object without data, and the password nowhere in the log.
        var secret = Assert.Single(done, e => Text(e, "verb") == "create" && Ref(e, "resource") == "secrets" && Ref(e, "name") == "db");
        Assert.Equal(("Request", "system:admin", ns), (Text(secret, "level"), secret["user"]!["username"]!.GetValue<string>(), Ref(secret, "namespace")));
        Assert.Equal(["system:masters", "system:authenticated"], secret["user"]!["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Equal("db", secret["requestObject"]!["metadata"]!["name"]!.GetValue<string>());
        Assert.Null(secret["requestObject"]!["data"]);
        Assert.Null(secret["responseObject"]);
        Assert.Equal(201, secret["responseStatus"]!["code"]!.GetValue<int>());
        Assert.DoesNotContain(lines, l => l.Contains(Password, StringComparison.Ordinal) || l.Contains(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Password)), StringComparison.Ordinal));

        // The HttpClient's read: its Audit-Id header names its event.
        var get = Assert.Single(done, e => Text(e, "auditID") == httpAuditId);
        Assert.Equal(("get", "settings", "dana"), (Text(get, "verb"), Ref(get, "name"), get["user"]!["username"]!.GetValue<string>()));
        Assert.Equal("blue", get["responseObject"]!["data"]!["color"]!.GetValue<string>());

        // Gets of leases are None; other requests fall to Metadata, without bodies.
        Assert.DoesNotContain(events, e => Text(e, "verb") == "get" && Ref(e, "resource") == "leases");
        Assert.Contains(done, e => Text(e, "verb") == "list" && Ref(e, "resource") == "leases");
        Assert.All(events.Where(e => Text(e, "level") == "Metadata"), e => Assert.Null(e["requestObject"] ?? e["responseObject"]));
        Assert.Contains(done, e => Text(e, "verb") == "create" && Ref(e, "resource") == "namespaces" && Text(e, "level") == "Metadata");
    }

    [Theory]
    [InlineData("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Loud\n", "rules[0].level: Unsupported value: \"Loud\"")]
    [InlineData("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: None\n  resource: [pods]\n", "rules[0].resource: unknown field")]
    [InlineData("kind: Policy\nrules: [", "not valid YAML or JSON")]
    public async Task MalformedPolicy_ServerExitsWithOneLineNamingTheFile(string text, string problem)
    {
        var policy = Path.Combine(_dir, "policy.yaml");
        await File.WriteAllTextAsync(policy, text);

        var result = await BerthBinary.RunAsync("server", "--data-dir", Path.Combine(_dir, "data"), "--disable-agent", "--https-listen-port", "1",
            "--audit-policy-file", policy, "--audit-log-path", Path.Combine(_dir, "audit.log"));

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"--audit-policy-file: {policy}: ", line);
        Assert.Contains(problem, line);
        Assert.False(File.Exists(Path.Combine(_dir, "audit.log")));
    }

    private static string Text(JsonObject e, string name) => e[name]?.GetValue<string>() ?? "";

    private static string Ref(JsonObject e, string name) => e["objectRef"]?[name]?.GetValue<string>() ?? "";

    [GeneratedRegex(@"Audit-Id: ([0-9a-f-]{36})")]
    private static partial Regex AuditIdHeader();

    /// <summary>kubectl with only dana's bearer token.</summary>
    private sealed class DanaKubectl(ApiServerProcess server, string dir)
    {
        private readonly Kubectl _kubectl = new(server);

        public Task<ProcessResult> RunAsync(params string[] args) => _kubectl.RunAsync(["--kubeconfig", Kubeconfig(), .. args]);

        private string Kubeconfig()
        {
            var path = Path.Combine(dir, "dana.kubeconfig");
            if (!File.Exists(path))
            {
                var ca = Regex.Match(File.ReadAllText(server.Kubeconfig), "certificate-authority-data: (\\S+)").Groups[1].Value;
                File.WriteAllText(path, $"""
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: berth
                      cluster:
                        server: {server.Address}
                        certificate-authority-data: {ca}
                    contexts:
                    - name: berth
                      context:
                        cluster: berth
                        user: dana
                    current-context: berth
                    users:
                    - name: dana
                      user:
                        token: {DanaToken}
                    """);
            }
            return path;
        }
    }
}
