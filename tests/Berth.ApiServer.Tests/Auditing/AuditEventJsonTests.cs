using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Berth.ApiServer.Auditing;
using Berth.ApiServer.Authentication;

namespace Berth.ApiServer.Tests.Auditing;

public class AuditEventJsonTests
{
    private const string SecretBody = """{"kind":"Secret","apiVersion":"v1","metadata":{"name":"db","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"data\":{\"password\":\"c2VjcmV0\"}}","team":"a"}},"data":{"password":"c2VjcmV0"},"stringData":{"user":"admin"},"type":"Opaque"}""";
    private static readonly DateTimeOffset Received = new(2026, 12, 5, 21, 13, 0, 123, 456, TimeSpan.Zero);

    private static AuditEvent Event(AuditLevel level, string resource, string body, string group = "") => new()
    {
        Level = level,
        AuditId = "5d1f0c6e-7d1a-4a43-9a4e-1f0c6e7d1a4a",
        Stage = AuditStage.ResponseComplete,
        RequestUri = $"/api/v1/namespaces/default/{resource}",
        Verb = "create",
        User = UserInfo.Authenticated("alice", "uid-a", ["dev"]),
        SourceIps = ["127.0.0.1"],
        UserAgent = "kubectl/v1.31",
        ObjectRef = new AuditObjectRef(resource, "default", "db", group, "v1", ""),
        ResponseStatus = new AuditResponseStatus(201),
        RequestObject = new AuditBody(Encoding.UTF8.GetBytes(body), IsYaml: false),
        RequestReceivedTimestamp = Received,
        StageTimestamp = Received.AddMilliseconds(5),
        Annotations = [new("authorization.k8s.io/decision", "allow")],
    };

    internal static JsonObject Json(AuditEvent e)
    {
        var output = new ArrayBufferWriter<byte>();
        AuditEventJson.Write(e, output);
        var line = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.EndsWith("}\n", line);
        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        return JsonNode.Parse(line)!.AsObject();
    }

    [Fact]
    public void Write_Event_IsKubesAuditEventLine()
    {
        var json = Json(Event(AuditLevel.Metadata, "configmaps", "{}") with { RequestObject = null });

        Assert.Equal(
            """{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"5d1f0c6e-7d1a-4a43-9a4e-1f0c6e7d1a4a","stage":"ResponseComplete","requestURI":"/api/v1/namespaces/default/configmaps","verb":"create","user":{"username":"alice","uid":"uid-a","groups":["dev","system:authenticated"]},"sourceIPs":["127.0.0.1"],"userAgent":"kubectl/v1.31","objectRef":{"resource":"configmaps","namespace":"default","name":"db","apiVersion":"v1"},"responseStatus":{"metadata":{},"code":201},"requestReceivedTimestamp":"2026-12-05T21:13:00.123456Z","stageTimestamp":"2026-12-05T21:13:00.128456Z","annotations":{"authorization.k8s.io/decision":"allow"}}""",
            json.ToJsonString());
    }

    [Theory]
    [InlineData("secrets", "", SecretBody)]
    [InlineData("secrets", "", """{"kind":"SecretList","items":[""" + SecretBody + "," + SecretBody + "]}")]
    [InlineData("configmaps", "", """{"kind":"List","items":[""" + SecretBody + "]}")]
    [InlineData("secrets", "", """{"data":{"password":"c2VjcmV0"},"metadata":{"labels":{"a":"b"}}}""")]
    public void Write_RequestLevelSecret_HasNoData(string resource, string group, string body)
    {
        var json = Json(Event(AuditLevel.Request, resource, body, group)).ToJsonString();

        Assert.Contains("\"requestObject\":", json);
        Assert.DoesNotContain("c2VjcmV0", json);
        Assert.DoesNotContain("\"data\"", json);
        Assert.DoesNotContain("stringData", json);
        Assert.DoesNotContain("admin", json);
    }

    [Fact]
    public void Write_RequestLevelSecret_KeepsEverythingElse()
    {
        var request = Json(Event(AuditLevel.Request, "secrets", SecretBody))["requestObject"]!;

        Assert.Equal("db", request["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("a", request["metadata"]!["annotations"]!["team"]!.GetValue<string>());
        Assert.Equal("Opaque", request["type"]!.GetValue<string>());
    }

    [Fact]
    public void Write_RequestLevelSecretJsonPatch_DropsTheOperationsOnData()
    {
        var patch = """[{"op":"replace","path":"/data/password","value":"c2VjcmV0"},{"op":"add","path":"/metadata/labels/a","value":"b"},{"op":"add","path":"/stringData","value":{"x":"c2VjcmV0"}}]""";

        var request = Json(Event(AuditLevel.Request, "secrets", patch))["requestObject"]!.AsArray();

        Assert.Equal("/metadata/labels/a", Assert.Single(request)!["path"]!.GetValue<string>());
    }

    [Fact]
    public void Write_RequestResponseSecret_LogsTheBodyAsKube()
    {
        var e = Event(AuditLevel.RequestResponse, "secrets", SecretBody) with { ResponseObject = Encoding.UTF8.GetBytes(SecretBody) };

        var json = Json(e);

        Assert.Equal("c2VjcmV0", json["requestObject"]!["data"]!["password"]!.GetValue<string>());
        Assert.Equal("c2VjcmV0", json["responseObject"]!["data"]!["password"]!.GetValue<string>());
    }

    [Fact]
    public void Write_RequestLevelConfigMap_KeepsItsData()
    {
        var json = Json(Event(AuditLevel.Request, "configmaps", """{"kind":"ConfigMap","data":{"k":"v"}}"""));

        Assert.Equal("v", json["requestObject"]!["data"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public void Write_OmitManagedFields_DropsThemFromBodies()
    {
        var body = """{"kind":"ConfigMap","metadata":{"name":"a","managedFields":[{"manager":"kubectl"}]}}""";
        var e = Event(AuditLevel.RequestResponse, "configmaps", body) with
        {
            ResponseObject = Encoding.UTF8.GetBytes($$"""{"kind":"ConfigMapList","items":[{{body}}]}"""),
            OmitManagedFields = true,
        };

        var json = Json(e).ToJsonString();

        Assert.DoesNotContain("managedFields", json);
        Assert.Contains("\"name\":\"a\"", json);
    }

    [Fact]
    public void Write_YamlBodyAndFailure_AreJson()
    {
        var e = Event(AuditLevel.Request, "configmaps", "kind: ConfigMap\ndata:\n  k: v\n") with
        {
            RequestObject = new AuditBody(Encoding.UTF8.GetBytes("kind: ConfigMap\ndata:\n  k: v\n"), IsYaml: true),
            ResponseStatus = new AuditResponseStatus(403, "Failure", "configmaps is forbidden", "Forbidden", new JsonObject { ["kind"] = "configmaps" }),
            ImpersonatedUser = UserInfo.Authenticated("carol", "", []),
        };

        var json = Json(e);

        Assert.Equal("v", json["requestObject"]!["data"]!["k"]!.GetValue<string>());
        Assert.Equal("""{"metadata":{},"status":"Failure","message":"configmaps is forbidden","reason":"Forbidden","details":{"kind":"configmaps"},"code":403}""", json["responseStatus"]!.ToJsonString());
        Assert.Equal("carol", json["impersonatedUser"]!["username"]!.GetValue<string>());
    }
}
