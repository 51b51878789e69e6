using System.Text.Json.Nodes;
using Berth.ApiServer.AdmissionControl;
using Berth.ApiServer.AdmissionControl.Policies;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Tests.Registry;

namespace Berth.ApiServer.Tests.AdmissionControl.Policies;

/// <summary>Policies and bindings stored in a real ResourceStore, judging writes as kube's dispatcher does.</summary>
public sealed class ValidatingAdmissionPolicyAdmissionTests : IAsyncLifetime
{
    private const string MaxReplicas = """
        {"metadata":{"name":"max-replicas"},"spec":{"matchConstraints":{"resourceRules":[{"apiGroups":["apps"],"apiVersions":["v1"],"operations":["CREATE","UPDATE"],"resources":["deployments"]}]},
         "validations":[{"expression":"object.spec.replicas <= 5"}]}}
        """;

    private static readonly UserInfo Alice = UserInfo.Authenticated("alice", "", []);
    private readonly List<string> _warnings = [];
    private StoreFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await StoreFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Deny_AViolatingCreate_IsKubesRefusal_422WithTheCause()
    {
        await StoreAsync("validatingadmissionpolicies", MaxReplicas);
        await StoreAsync("validatingadmissionpolicybindings", Binding("max-replicas-binding", "max-replicas", "[\"Deny\"]"));

        var refused = await Assert.ThrowsAsync<ApiException>(() => ValidateAsync(Deployment("web", 10)));

        const string message = "ValidatingAdmissionPolicy 'max-replicas' with binding 'max-replicas-binding' denied request: failed expression: object.spec.replicas <= 5";
        Assert.Equal($"deployments.apps \"web\" is forbidden: {message}", refused.Message);
        Assert.Equal(422, refused.Code);
        Assert.Equal("Invalid", refused.Reason);
        Assert.Equal(message, refused.Details!["causes"]![0]!["message"]!.GetValue<string>());
        await ValidateAsync(Deployment("small", 3));
    }

    [Fact]
    public async Task WarnAndAudit_AdmitTheWrite_WithKubesWarningAndAnnotation()
    {
        await StoreAsync("validatingadmissionpolicies", MaxReplicas);
        await StoreAsync("validatingadmissionpolicybindings", Binding("b", "max-replicas", "[\"Warn\",\"Audit\"]"));
        var request = Request(Deployment("web", 10));

        await new ValidatingAdmissionPolicyAdmission(new PolicyEvaluator(new CelCompiler())).ValidateAsync(request, CancellationToken.None);

        Assert.Equal(["Validation failed for ValidatingAdmissionPolicy 'max-replicas' with binding 'b': failed expression: object.spec.replicas <= 5"], _warnings);
        Assert.Equal(
            """[{"message":"failed expression: object.spec.replicas <= 5","policy":"max-replicas","binding":"b","expressionIndex":0,"validationActions":["Warn","Audit"]}]""",
            request.AuditAnnotations[ValidatingAdmissionPolicyAdmission.FailureAnnotation]);
    }

    [Fact]
    public async Task BindingNamespaceSelector_OnlyItsNamespacesAreJudged()
    {
        await StoreAsync("namespaces", """{"metadata":{"name":"prod","labels":{"env":"prod"}}}""");
        await StoreAsync("validatingadmissionpolicies", MaxReplicas);
        await StoreAsync("validatingadmissionpolicybindings", Binding("b", "max-replicas", "[\"Deny\"]", ""","matchResources":{"namespaceSelector":{"matchLabels":{"env":"prod"}}}"""));

        await ValidateAsync(Deployment("web", 10));
        await Assert.ThrowsAsync<ApiException>(() => ValidateAsync(Deployment("web", 10), "prod"));
    }

    [Theory]
    [InlineData("""["Deny"]""", "deployments", "UPDATE")]
    [InlineData("""["Deny"]""", "replicasets", "*")]
    [InlineData("""["Deny"]""", "deployments/status", "*")]
    public async Task Rules_ThatDoNotMatchTheWrite_DoNotJudgeIt(string actions, string resource, string operation)
    {
        await StoreAsync("validatingadmissionpolicies", MaxReplicas.Replace("\"deployments\"", $"\"{resource}\"").Replace("\"CREATE\",\"UPDATE\"", $"\"{operation}\""));
        await StoreAsync("validatingadmissionpolicybindings", Binding("b", "max-replicas", actions));

        await ValidateAsync(Deployment("web", 10));
    }

    [Fact]
    public async Task Delete_IsJudgedWithTheStoredObjectAsOldObject_AndObjectNull()
    {
        await StoreAsync("validatingadmissionpolicies", """
            {"metadata":{"name":"keep-protected"},"spec":{"matchConstraints":{"resourceRules":[{"apiGroups":["apps"],"apiVersions":["v1"],"operations":["DELETE"],"resources":["deployments"]}]},
             "validations":[{"expression":"object == null && (!has(oldObject.metadata.labels) || !('protected' in oldObject.metadata.labels))","message":"protected deployments stay"}]}}
            """);
        await StoreAsync("validatingadmissionpolicybindings", Binding("b", "keep-protected", "[\"Deny\"]"));
        var stored = Deployment("web", 1);
        var plugin = new ValidatingAdmissionPolicyAdmission(new PolicyEvaluator(new CelCompiler()));

        await plugin.ValidateDeleteAsync(Request(stored, operation: AdmissionOperation.Delete), CancellationToken.None);
        stored["metadata"]!["labels"] = new JsonObject { ["protected"] = "true" };
        var refused = await Assert.ThrowsAsync<ApiException>(() => plugin.ValidateDeleteAsync(Request(stored, operation: AdmissionOperation.Delete), CancellationToken.None).AsTask());
        await plugin.ValidateAsync(Request(stored), CancellationToken.None);

        Assert.Equal("deployments.apps \"web\" is forbidden: ValidatingAdmissionPolicy 'keep-protected' with binding 'b' denied request: protected deployments stay", refused.Message);
    }

    [Fact]
    public async Task Policy_WithoutABinding_DoesNothing()
    {
        await StoreAsync("validatingadmissionpolicies", MaxReplicas);

        await ValidateAsync(Deployment("web", 10));
    }

    private const string ParamPolicy = """
        {"metadata":{"name":"replica-limit"},"spec":{"paramKind":{"apiVersion":"v1","kind":"ConfigMap"},
         "matchConstraints":{"resourceRules":[{"apiGroups":["apps"],"apiVersions":["v1"],"operations":["CREATE"],"resources":["deployments"]}]},
         "validations":[{"expression":"object.spec.replicas <= int(params.data.maxReplicas)","messageExpression":"'at most ' + params.data.maxReplicas + ' replicas (' + params.metadata.name + ')'"}]}}
        """;

    [Fact]
    public async Task ParamRefByName_InTheRequestsNamespace_BindsTheConfigMapAsParams()
    {
        await StoreAsync("namespaces", """{"metadata":{"name":"team-a"}}""");
        await StoreAsync("namespaces", """{"metadata":{"name":"team-b"}}""");
        await StoreAsync("configmaps", """{"metadata":{"name":"limits"},"data":{"maxReplicas":"3"}}""", "team-a");
        await StoreAsync("configmaps", """{"metadata":{"name":"limits"},"data":{"maxReplicas":"8"}}""", "team-b");
        await StoreAsync("validatingadmissionpolicies", ParamPolicy);
        await StoreAsync("validatingadmissionpolicybindings", Binding("b", "replica-limit", "[\"Deny\"]", ""","paramRef":{"name":"limits","parameterNotFoundAction":"Deny"}"""));

        var refused = await Assert.ThrowsAsync<ApiException>(() => ValidateAsync(Deployment("web", 5), "team-a"));
        await ValidateAsync(Deployment("web", 5), "team-b");

        Assert.Equal("deployments.apps \"web\" is forbidden: ValidatingAdmissionPolicy 'replica-limit' with binding 'b' denied request: at most 3 replicas (limits)", refused.Message);
    }

    [Fact]
    public async Task ParamRefSelector_EvaluatesOncePerParam_AnyViolationDenies()
    {
        await StoreAsync("namespaces", """{"metadata":{"name":"shared"}}""");
        await StoreAsync("configmaps", """{"metadata":{"name":"loose","labels":{"policy":"replicas"}},"data":{"maxReplicas":"10"}}""", "shared");
        await StoreAsync("configmaps", """{"metadata":{"name":"strict","labels":{"policy":"replicas"}},"data":{"maxReplicas":"2"}}""", "shared");
        await StoreAsync("configmaps", """{"metadata":{"name":"other"},"data":{"maxReplicas":"1"}}""", "shared");
        await StoreAsync("validatingadmissionpolicies", ParamPolicy);
        await StoreAsync("validatingadmissionpolicybindings", Binding("b", "replica-limit", "[\"Deny\"]",
            ""","paramRef":{"namespace":"shared","selector":{"matchLabels":{"policy":"replicas"}},"parameterNotFoundAction":"Allow"}"""));

        await ValidateAsync(Deployment("web", 2));
        var refused = await Assert.ThrowsAsync<ApiException>(() => ValidateAsync(Deployment("web", 3)));

        Assert.EndsWith("denied request: at most 2 replicas (strict)", refused.Message);
    }

    [Theory]
    [InlineData("Allow", null)]
    [InlineData("Deny", "deployments.apps \"web\" is forbidden: ValidatingAdmissionPolicy 'replica-limit' with binding 'b' denied request: failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction")]
    public async Task AMissingParam_IsAnAdmitUnderAllow_AndKubesConfigurationErrorUnderDeny(string action, string? expected)
    {
        await StoreAsync("validatingadmissionpolicies", ParamPolicy);
        await StoreAsync("validatingadmissionpolicybindings", Binding("b", "replica-limit", "[\"Deny\"]", $$""","paramRef":{"name":"absent","parameterNotFoundAction":"{{action}}"}"""));

        var refused = await Record.ExceptionAsync(() => ValidateAsync(Deployment("web", 100)));

        Assert.Equal(expected, refused?.Message);
        Assert.Equal(expected is null ? null : 422, (refused as ApiException)?.Code);
    }

    [Theory]
    [InlineData("Fail", "deployments.apps \"web\" is forbidden: ValidatingAdmissionPolicy 'replica-limit' denied request: failed to configure policy: failed to find resource referenced by paramKind: 'example.com/v1, Kind=ReplicaLimit'")]
    [InlineData("Ignore", null)]
    public async Task AParamKindThatIsNotServed_IsAConfigurationError_UnlessIgnored(string failurePolicy, string? expected)
    {
        await StoreAsync("validatingadmissionpolicies", ParamPolicy
            .Replace("\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\"", "\"apiVersion\":\"example.com/v1\",\"kind\":\"ReplicaLimit\"")
            .Replace("\"spec\":{", $"\"spec\":{{\"failurePolicy\":\"{failurePolicy}\","));
        await StoreAsync("validatingadmissionpolicybindings", Binding("b", "replica-limit", "[\"Deny\"]", ""","paramRef":{"name":"limits","parameterNotFoundAction":"Deny"}"""));

        Assert.Equal(expected, (await Record.ExceptionAsync(() => ValidateAsync(Deployment("web", 1))))?.Message);
    }

    [Fact]
    public async Task ABindingWithoutParamRef_EvaluatesWithParamsNull()
    {
        await StoreAsync("validatingadmissionpolicies", ParamPolicy.Replace("object.spec.replicas <= int(params.data.maxReplicas)", "params == null || object.spec.replicas <= int(params.data.maxReplicas)"));
        await StoreAsync("validatingadmissionpolicybindings", Binding("b", "replica-limit", "[\"Deny\"]"));

        await ValidateAsync(Deployment("web", 100));
    }

    private static string Binding(string name, string policy, string actions, string extra = "") =>
        $$$"""{"metadata":{"name":"{{{name}}}"},"spec":{"policyName":"{{{policy}}}","validationActions":{{{actions}}}{{{extra}}}}}""";

    private static JsonObject Deployment(string name, int replicas)
    {
        var deployment = StoreFixture.Json(StoreFixture.Workload(name));
        deployment["spec"]!["replicas"] = replicas;
        return deployment;
    }

    private async Task StoreAsync(string resource, string json, string? ns = null)
    {
        var definition = StoreFixture.Registry.Resources.First(r => r.Name == resource);
        await _fixture.Store.CreateAsync(definition, ns, StoreFixture.Json(json), WriteOptions.Server, CancellationToken.None);
        await _fixture.Cache.WaitForRevisionAsync(await _fixture.Kv.GetRevisionAsync(), TimeSpan.FromSeconds(30), CancellationToken.None);
    }

    private AdmissionRequest Request(JsonObject obj, string ns = "default", AdmissionOperation operation = AdmissionOperation.Create) =>
        new(Alice, operation, StoreFixture.Resource("apps", "deployments"), ns, obj["metadata"]!["name"]!.GetValue<string>(),
            UpdateTarget.Main, obj, operation == AdmissionOperation.Delete ? obj : null, false, new ObjectLookup(_fixture.Store), _warnings.Add);

    private Task ValidateAsync(JsonObject obj, string ns = "default") =>
        new ValidatingAdmissionPolicyAdmission(new PolicyEvaluator(new CelCompiler())).ValidateAsync(Request(obj, ns), CancellationToken.None).AsTask();
}
