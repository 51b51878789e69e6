using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Berth.Acceptance.Api;
using Berth.Testing;

namespace Berth.Acceptance.Security;

/// <summary>
/// kube-apiserver's audit webhook and log options on the real server: `--audit-webhook-config-file` names a
/// kubeconfig whose server is an HTTP listener in this test, which receives audit.k8s.io/v1 EventList
/// batches with the kubeconfig's token; at the same time the log is written in batch mode, in kube's
/// legacy text format (rotation with --audit-log-compress is RotatingFileTests' job: 100 MB is a lot to write here).
/// </summary>
public sealed class AuditWebhookTests : IDisposable
{
    private const string Policy = """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: [RequestReceived]
        rules:
        - level: Metadata
          resources:
          - group: ""
            resources: ["configmaps"]
        - level: None
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("berth-audit-webhook-").FullName;
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string? Authorization, JsonNode Body)> _batches = new();
    private readonly int _port = FreePort();

    public AuditWebhookTests()
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _listener.Start();
        _ = ReceiveAllAsync();
    }

    public void Dispose()
    {
        _listener.Close();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task TheWebhookReceivesEventListBatches_AndTheLogIsKubesLegacyText()
    {
        var policy = Path.Combine(_dir, "policy.yaml");
        var webhook = Path.Combine(_dir, "webhook.kubeconfig");
        var log = Path.Combine(_dir, "log", "audit.log");
        await File.WriteAllTextAsync(policy, Policy);
        await File.WriteAllTextAsync(webhook, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: collector
              cluster:
                server: http://127.0.0.1:{{_port}}/audit
            users:
            - name: berth
              user:
                token: audit-sink-token
            contexts:
            - name: collector
              context: {cluster: collector, user: berth}
            current-context: collector
            """);
        await using var server = new ApiServerProcess(null,
            "--audit-policy-file", policy, "--audit-webhook-config-file", webhook, "--audit-webhook-batch-max-wait", "1s",
            "--audit-log-path", log, "--audit-log-format", "legacy", "--audit-log-mode", "batch", "--audit-log-compress");
        await server.StartAsync();
        var kubectl = new Kubectl(server);
        var ns = $"audit-wh-{Guid.NewGuid():N}"[..16];
        await kubectl.OkAsync("create", "namespace", ns);

        await kubectl.OkAsync("create", "configmap", "settings", "-n", ns, "--from-literal=color=blue");
        var created = await Poll.ForAsync(
            () => Task.FromResult(_batches.SelectMany(b => b.Body["items"]!.AsArray()).FirstOrDefault(e => e!["objectRef"]?["namespace"]?.GetValue<string>() == ns && e["objectRef"]?["name"]?.GetValue<string>() == "settings")),
            e => e is not null, TimeSpan.FromSeconds(60), "the webhook receives the ConfigMap's event");

        Assert.Equal(("create", "configmaps", "settings", "ResponseComplete", "Metadata"),
            (Text(created!, "verb"), Text(created!["objectRef"]!, "resource"), Text(created!["objectRef"]!, "name"), Text(created!, "stage"), Text(created!, "level")));
        Assert.Equal("system:admin", Text(created!["user"]!, "username"));
        Assert.Equal(201, created!["responseStatus"]!["code"]!.GetValue<int>());
        Assert.All(_batches, b => Assert.Equal(("Bearer audit-sink-token", "EventList", "audit.k8s.io/v1"), (b.Authorization, Text(b.Body, "kind"), Text(b.Body, "apiVersion"))));
        Assert.DoesNotContain(_batches.SelectMany(b => b.Body["items"]!.AsArray()), e => Text(e!, "stage") == "RequestReceived" || Text(e!["objectRef"] ?? new JsonObject(), "resource") == "namespaces");

        // Stopping the server writes out the log's buffer.
        Assert.Equal(0, await server.StopAsync());
        var line = Assert.Single(File.ReadAllLines(log), l => l.Contains($"id=\"{Text(created!, "auditID")}\"", StringComparison.Ordinal));
        Assert.Matches(
            $"^\\d{{4}}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z AUDIT: id=\"{Text(created!, "auditID")}\" stage=\"ResponseComplete\" ip=\"127.0.0.1\" method=\"create\" user=\"system:admin\" "
            + $"groups=\"\\\\\"system:masters\\\\\",\\\\\"system:authenticated\\\\\"\" as=\"<self>\" asgroups=\"<lookup>\" user-agent=\"kubectl/[^\"]*\" namespace=\"{ns}\" "
            + $"uri=\"/api/v1/namespaces/{ns}/configmaps\\?[^\"]*\" response=\"201\"$",
            line);
    }

    private async Task ReceiveAllAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using (var reader = new StreamReader(context.Request.InputStream))
            {
                _batches.Enqueue((context.Request.Headers["Authorization"], JsonNode.Parse(await reader.ReadToEndAsync())!));
            }
            context.Response.StatusCode = context.Request.Url!.AbsolutePath == "/audit" && context.Request.HttpMethod == "POST" ? 200 : 404;
            context.Response.Close();
        }
    }

    private static string Text(JsonNode node, string name) => node[name]?.GetValue<string>() ?? "";

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
