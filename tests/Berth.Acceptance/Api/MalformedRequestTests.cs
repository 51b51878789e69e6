using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Berth.Acceptance.Api;

/// <summary>
/// Hundreds of malformed requests against the real server: each gets a 4xx Kubernetes Status, and
/// afterwards the server still holds exactly what it held before and keeps serving.
/// </summary>
public sealed class MalformedRequestTests(SqliteApiServer fixture) : IClassFixture<SqliteApiServer>
{
    private const string Seed = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"seed","labels":{"app":"x"}},"data":{"key":"value"}}""";

    [Fact]
    public async Task MalformedRequests_AllGet4xxStatus_AndStoredDataIsUntouched()
    {
        using var http = Client(fixture.Server);
        var ns = $"fuzz-{Guid.NewGuid():N}"[..13];
        await SendAsync(http, HttpMethod.Post, "/api/v1/namespaces", "application/json", "{\"metadata\":{\"name\":\"" + ns + "\"}}", expect: 201);
        var collection = $"/api/v1/namespaces/{ns}/configmaps";
        var seeded = JsonNode.Parse(await SendAsync(http, HttpMethod.Post, collection, "application/json", Seed, expect: 201))!;

        var cases = MalformedCases(collection, ns).ToList();
        foreach (var (method, path, contentType, body) in cases)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
            }
            using var response = await http.SendAsync(request);
            var code = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(code is >= 400 and < 500, $"{method} {path} [{contentType}] {Preview(body)} answered {code}: {text}");
            var status = JsonNode.Parse(text)!;
            Assert.Equal("Status", status["kind"]!.GetValue<string>());
            Assert.Equal(code, status["code"]!.GetValue<int>());
        }

        Assert.True(cases.Count >= 300, $"only {cases.Count} cases");
        var list = JsonNode.Parse(await SendAsync(http, HttpMethod.Get, collection, null, null, expect: 200))!;
        // The root CA publisher's kube-root-ca.crt is in every namespace; the seed must be the only other object.
        var item = Assert.Single(list["items"]!.AsArray(), i => i!["metadata"]!["name"]!.GetValue<string>() != "kube-root-ca.crt")!;
        Assert.Equal("seed", item["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(seeded["metadata"]!["resourceVersion"]!.GetValue<string>(), item["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("value", item["data"]!["key"]!.GetValue<string>());
        var created = await SendAsync(http, HttpMethod.Post, collection, "application/json", Seed.Replace("\"seed\"", "\"after\""), expect: 201);
        Assert.Contains("\"after\"", created);
    }

    private static IEnumerable<(HttpMethod Method, string Path, string? ContentType, byte[]? Body)> MalformedCases(string collection, string ns)
    {
        var item = $"{collection}/seed";
        var json = "application/json";
        // Every truncation of a valid body, on create, update and each patch type.
        for (var cut = 1; cut < Seed.Length; cut++)
        {
            var truncated = Encoding.UTF8.GetBytes(Seed[..cut]);
            yield return (HttpMethod.Post, collection, json, truncated);
            yield return (HttpMethod.Put, item, json, truncated);
            yield return (HttpMethod.Patch, item, cut % 3 == 0 ? "application/merge-patch+json" : cut % 3 == 1 ? "application/strategic-merge-patch+json" : "application/json-patch+json", truncated);
        }
        string[] badBodies =
        [
            "", "null", "[]", "42", "\"text\"", "{\"metadata\":\"x\"}", "{\"metadata\":{\"name\":5}}",
            "{\"apiVersion\":\"v2\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"}}",
            "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"a\"}}",
            "{\"metadata\":{\"name\":\"Bad_Name\"}}", "{\"metadata\":{\"name\":\"a/b\"}}", "{\"metadata\":{}}",
            "{\"metadata\":{\"name\":\"a\",\"labels\":{\"bad key!\":\"v\"}}}", "{\"metadata\":{\"name\":\"a\"},\"data\":{\"k\":5}}",
            "{\"metadata\":{\"name\":\"a\"},\"data\":[1,2]}", $"{{\"metadata\":{{\"name\":\"a\",\"namespace\":\"other-{ns}\"}}}}",
            "{\"metadata\":{\"name\":\"a\"},\"bogus\":1}", "\u0000\u0001\u0002", "{\"a\":\"\\ud800\"}",
            new string('[', 5000) + new string(']', 5000), new string('{', 3) + "\"metadata\":" + new string('{', 200),
        ];
        foreach (var bad in badBodies)
        {
            yield return (HttpMethod.Post, collection + "?fieldValidation=Strict", json, Encoding.UTF8.GetBytes(bad));
        }
        yield return (HttpMethod.Post, collection, json, Encoding.UTF8.GetBytes($"{{\"metadata\":{{\"name\":\"big\"}},\"data\":{{\"k\":\"{new string('x', 4 * 1024 * 1024)}\"}}}}"));
        yield return (HttpMethod.Post, collection, "text/plain", Encoding.UTF8.GetBytes(Seed));
        yield return (HttpMethod.Post, collection, "application/xml", Encoding.UTF8.GetBytes("<a/>"));
        yield return (HttpMethod.Post, collection, "application/yaml", Encoding.UTF8.GetBytes("metadata: [unclosed"));
        yield return (HttpMethod.Post, collection, "application/yaml", Encoding.UTF8.GetBytes("a: 1\n---\nb: 2\n"));
        yield return (HttpMethod.Post, collection, "application/vnd.kubernetes.protobuf", Encoding.UTF8.GetBytes(Seed));
        yield return (HttpMethod.Post, collection, "application/vnd.kubernetes.protobuf", [0x6b, 0x38, 0x73, 0x00, 0x0a, 0xff, 0xff]);
        yield return (HttpMethod.Patch, item, "application/apply-patch+yaml", Encoding.UTF8.GetBytes("a: b"));
        yield return (HttpMethod.Patch, item, "application/foo", Encoding.UTF8.GetBytes("{}"));
        yield return (HttpMethod.Patch, item, "application/json-patch+json", Encoding.UTF8.GetBytes("[{\"op\":\"remove\",\"path\":\"/nope\"}]"));
        yield return (HttpMethod.Patch, item, "application/json-patch+json", Encoding.UTF8.GetBytes("[{\"op\":\"test\",\"path\":\"/data/key\",\"value\":\"other\"}]"));
        yield return (HttpMethod.Patch, item, "application/json-patch+json", Encoding.UTF8.GetBytes("[{\"op\":\"frob\"}]"));
        yield return (HttpMethod.Patch, item, "application/merge-patch+json", Encoding.UTF8.GetBytes("{\"metadata\":{\"resourceVersion\":\"1\"},\"data\":{\"key\":\"stale\"}}"));
        yield return (HttpMethod.Patch, item, "application/merge-patch+json", Encoding.UTF8.GetBytes("{\"metadata\":{\"name\":\"renamed\"}}"));
        yield return (HttpMethod.Put, item, json, Encoding.UTF8.GetBytes(Seed.Replace("\"seed\"", "\"other\"")));
        yield return (HttpMethod.Put, item, json, Encoding.UTF8.GetBytes(Seed.Replace("\"name\":\"seed\"", "\"name\":\"seed\",\"resourceVersion\":\"1\"")));
        yield return (HttpMethod.Post, collection, json, Encoding.UTF8.GetBytes(Seed));
        yield return (HttpMethod.Post, item, json, Encoding.UTF8.GetBytes(Seed));
        yield return (HttpMethod.Put, collection, json, Encoding.UTF8.GetBytes(Seed));
        yield return (HttpMethod.Delete, "/api/v1/namespaces/" + ns + "/configmaps/missing", null, null);
        yield return (HttpMethod.Delete, item, json, Encoding.UTF8.GetBytes("{\"propagationPolicy\":\"Sideways\"}"));
        yield return (HttpMethod.Delete, item, json, Encoding.UTF8.GetBytes("{\"preconditions\":{\"uid\":\"not-the-uid\"}}"));
        yield return (HttpMethod.Delete, item, json, Encoding.UTF8.GetBytes("{\"gracePeriodSeconds\":\"soon\"}"));
        yield return (HttpMethod.Post, $"/api/v1/namespaces/missing-{ns}/configmaps", json, Encoding.UTF8.GetBytes(Seed));
        string[] badQueries =
        [
            "labelSelector=app%20in%20(x", "labelSelector=!!x", "labelSelector=a%3D%3D%3Db", "fieldSelector=spec.nodeName%3Dx", "fieldSelector=nonsense",
            "limit=-1", "limit=many", "continue=garbage", "resourceVersion=abc", "resourceVersionMatch=Sometimes", "watch=maybe",
            "watch=true&resourceVersion=-5", "watch=true&timeoutSeconds=-1",
        ];
        foreach (var query in badQueries)
        {
            yield return (HttpMethod.Get, $"{collection}?{query}", null, null);
        }
        yield return (HttpMethod.Post, $"{collection}?dryRun=Some", json, Encoding.UTF8.GetBytes(Seed));
        yield return (HttpMethod.Post, $"{collection}?fieldValidation=Loud", json, Encoding.UTF8.GetBytes(Seed));
        yield return (HttpMethod.Delete, $"{item}?propagationPolicy=Sideways", null, null);
        string[] badPaths =
        [
            "/api/v2/pods", "/api/v1/frobs", "/apis/frob.io/v1/things", "/apis/apps/v9/deployments", "/api/v1/namespaces/x/nodes",
            $"{item}/status", $"{item}/scale", $"{item}/extra/more", "/apis/apps/v1/namespaces//deployments", "/nothing/here", "/api/v1/pods/p1",
            "/openapi/v3/apis/frob/v1", "/api/v1/namespaces/%2F/configmaps",
        ];
        foreach (var path in badPaths)
        {
            yield return (HttpMethod.Get, path, null, null);
        }
        yield return (HttpMethod.Post, "/api", json, Encoding.UTF8.GetBytes("{}"));
        yield return (HttpMethod.Delete, "/apis", null, null);
        yield return (HttpMethod.Delete, "/api/v1/namespaces", null, null);
        yield return (HttpMethod.Put, "/api/v1/namespaces/default/pods/p1/binding", json, Encoding.UTF8.GetBytes("{}"));
        yield return (HttpMethod.Post, "/api/v1/namespaces/default/pods/missing/binding", json, Encoding.UTF8.GetBytes("{\"target\":{\"name\":\"n1\"}}"));
    }

    private static async Task<string> SendAsync(HttpClient http, HttpMethod method, string path, string? contentType, string? body, int expect)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType!);
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expect, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text;
    }

    private static HttpClient Client(ApiServerProcess server)
    {
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        var http = new HttpClient(handler) { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminToken);
        return http;
    }

    private static string Preview(byte[]? body) => body is null ? "" : Encoding.UTF8.GetString(body[..Math.Min(body.Length, 80)]);
}
