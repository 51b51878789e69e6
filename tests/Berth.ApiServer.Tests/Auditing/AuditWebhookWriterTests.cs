using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Berth.ApiServer.Auditing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.ApiServer.Tests.Auditing;

/// <summary>The webhook writer against a real HTTP listener, configured from a kubeconfig file.</summary>
public sealed class AuditWebhookWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-audit-webhook-").FullName;
    private readonly HttpListener _listener = new();
    private readonly int _port;

    public AuditWebhookWriterTests()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        _port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{_port}/audit/");
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Close();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Write_PostsTheBatchAsOneEventList_WithTheKubeconfigsToken()
    {
        var kubeconfig = Path.Combine(_dir, "webhook.yaml");
        await File.WriteAllTextAsync(kubeconfig, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: sink
              cluster: {server: "http://127.0.0.1:{{_port}}/audit/events"}
            users:
            - name: auditor
              user: {token: s3cret}
            contexts:
            - name: default
              context: {cluster: sink, user: auditor}
            current-context: default
            """);
        var webhook = WebhookKubeconfig.Load(kubeconfig);
        using var writer = new AuditWebhookWriter(webhook.CreateClient(TimeSpan.FromSeconds(30)), webhook.Server, TimeSpan.Zero, TimeProvider.System, NullLogger.Instance);
        var received = ReceiveAsync();

        writer.Write([TestEvents.Metadata("a"), TestEvents.Metadata("b")]);
        var (authorization, body) = await received;

        Assert.Equal("Bearer s3cret", authorization);
        var list = JsonNode.Parse(body)!;
        Assert.Equal("EventList", list["kind"]!.GetValue<string>());
        Assert.Equal("audit.k8s.io/v1", list["apiVersion"]!.GetValue<string>());
        Assert.Equal(["a", "b"], list["items"]!.AsArray().Select(i => i!["auditID"]!.GetValue<string>()));
    }

    [Fact]
    public void Load_AKubeconfigWithoutACluster_SaysSo()
    {
        var kubeconfig = Path.Combine(_dir, "empty.yaml");
        File.WriteAllText(kubeconfig, "apiVersion: v1\nkind: Config\n");

        Assert.Equal($"{kubeconfig}: no cluster", Assert.Throws<InvalidDataException>(() => WebhookKubeconfig.Load(kubeconfig)).Message);
    }

    private async Task<(string? Authorization, string Body)> ReceiveAsync()
    {
        var context = await _listener.GetContextAsync();
        using var reader = new StreamReader(context.Request.InputStream);
        var body = await reader.ReadToEndAsync();
        context.Response.StatusCode = 200;
        context.Response.Close();
        return (context.Request.Headers["Authorization"], body);
    }

}
