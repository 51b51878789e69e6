using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tests.Strategies;

/// <summary>ValidatingAdmissionPolicy and its binding: kube's defaults and validation, CEL compiled when written.</summary>
public class AdmissionPolicyKindTests
{
    private static readonly GroupVersionKind s_policy = new("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicy");
    private static readonly GroupVersionKind s_binding = new("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicyBinding");
    private const string Rules = """{"resourceRules":[{"apiGroups":["apps"],"apiVersions":["v1"],"operations":["CREATE"],"resources":["deployments"]}]}""";

    private static string Create(GroupVersionKind gvk, string json)
    {
        var obj = JsonNode.Parse(json)!.AsObject();
        KindStrategies.For(gvk).Default(obj);
        return string.Join("; ", KindStrategies.For(gvk).ValidateCreate(obj).Select(e => e.ToString()));
    }

    [Fact]
    public void Policy_Defaults_FailurePolicyFail_EverythingSelectors_EquivalentAndScopeStar()
    {
        var policy = JsonNode.Parse($$$"""{"metadata":{"name":"p"},"spec":{"matchConstraints":{{{Rules}}},"validations":[{"expression":"true"}]}}""")!.AsObject();

        KindStrategies.For(s_policy).Default(policy);

        Assert.Equal("Fail", policy["spec"]!["failurePolicy"]!.GetValue<string>());
        Assert.Equal("""{"resourceRules":[{"apiGroups":["apps"],"apiVersions":["v1"],"operations":["CREATE"],"resources":["deployments"],"scope":"*"}],"namespaceSelector":{},"objectSelector":{},"matchPolicy":"Equivalent"}""",
            policy["spec"]!["matchConstraints"]!.ToJsonString());
    }

    [Theory]
    [InlineData($$"""{"matchConstraints":{{Rules}},"validations":[{"expression":"object.spec.replicas <= 5"}]}""", "")]
    [InlineData("""{"validations":[{"expression":"true"}]}""", "spec.matchConstraints: Required value")]
    [InlineData("""{"matchConstraints":{"resourceRules":[]},"validations":[{"expression":"true"}]}""", "spec.matchConstraints.resourceRules: Required value")]
    [InlineData($$"""{"matchConstraints":{{Rules}}}""", "spec.validations: Required value: validations or auditAnnotations must contain at least one item")]
    [InlineData($$"""{"matchConstraints":{{Rules}},"validations":[{"expression":""}]}""", "spec.validations[0].expression: Required value")]
    [InlineData($$"""{"matchConstraints":{{Rules}},"failurePolicy":"Maybe","validations":[{"expression":"true","reason":"Teapot"}]}""",
        "spec.failurePolicy: Unsupported value: \"Maybe\": supported values: \"Fail\", \"Ignore\"; spec.validations[0].reason: Unsupported value: \"Teapot\": supported values: \"Unauthorized\", \"Forbidden\", \"Invalid\", \"RequestEntityTooLarge\"")]
    [InlineData("""{"matchConstraints":{"resourceRules":[{"apiGroups":["apps"],"apiVersions":["v1"],"operations":["PATCH"],"resources":["deployments"]}]},"validations":[{"expression":"true"}]}""",
        "spec.matchConstraints.resourceRules[0].operations[0]: Unsupported value: \"PATCH\": supported values: \"*\", \"CREATE\", \"UPDATE\", \"DELETE\", \"CONNECT\"")]
    [InlineData($$$"""{"matchConstraints":{{{Rules}}},"variables":[{"name":"a-b","expression":"1"},{"name":"ok","expression":""}],"validations":[{"expression":"true"}]}""",
        "spec.variables[0].name: Invalid value: \"a-b\": name is not a valid CEL identifier; spec.variables[1].expression: Required value")]
    [InlineData($$"""{"paramKind":{"apiVersion":"v1","kind":"ConfigMap"},"matchConstraints":{{Rules}},"validations":[{"expression":"object.spec.replicas <= int(params.data.max)"}]}""", "")]
    [InlineData($$"""{"paramKind":{"apiVersion":"a/b/c"},"matchConstraints":{{Rules}},"validations":[{"expression":"true"}]}""",
        "spec.paramKind.apiVersion: Invalid value: \"a/b/c\": unexpected GroupVersion string: a/b/c; spec.paramKind.kind: Required value")]
    [InlineData($$"""{"paramKind":{"apiVersion":"example.com/","kind":"Max_Replicas"},"matchConstraints":{{Rules}},"validations":[{"expression":"true"}]}""",
        "spec.paramKind.apiVersion: Invalid value: \"example.com/\": version must be specified; spec.paramKind.kind: Invalid value: \"Max_Replicas\": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")]
    public void Policy_ValidateCreate(string spec, string expected) =>
        Assert.Equal(expected, Create(s_policy, $$"""{"metadata":{"name":"p"},"spec":{{spec}}}"""));

    [Fact]
    public void Policy_AnExpressionThatDoesNotCompile_IsInvalidWithWhy()
    {
        var errors = Create(s_policy, $$$"""{"metadata":{"name":"p"},"spec":{"matchConstraints":{{{Rules}}},"validations":[{"expression":"object.spec.replicas <="}]}}""");

        Assert.StartsWith("spec.validations[0].expression: Invalid value: \"object.spec.replicas <=\": compilation failed: ", errors);
    }

    [Theory]
    [InlineData("""{"policyName":"p","validationActions":["Deny"]}""", "")]
    [InlineData("""{"validationActions":["Deny"]}""", "spec.policyName: Required value")]
    [InlineData("""{"policyName":"p"}""", "spec.validationActions: Required value: at least one validation action is required")]
    [InlineData("""{"policyName":"p","validationActions":["Deny","Deny","Block"]}""",
        "spec.validationActions[1]: Duplicate value: \"Deny\"; spec.validationActions[2]: Unsupported value: \"Block\": supported values: \"Deny\", \"Warn\", \"Audit\"")]
    [InlineData("""{"policyName":"p","validationActions":["Deny","Warn"]}""",
        "spec.validationActions: Invalid value: [\"Deny\",\"Warn\"]: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)")]
    [InlineData("""{"policyName":"p","validationActions":["Deny"],"paramRef":{"name":"limits","parameterNotFoundAction":"Deny"}}""", "")]
    [InlineData("""{"policyName":"p","validationActions":["Deny"],"paramRef":{"selector":{},"namespace":"team-a","parameterNotFoundAction":"Allow"}}""", "")]
    [InlineData("""{"policyName":"p","validationActions":["Deny"],"paramRef":{"name":"a/b","selector":{},"parameterNotFoundAction":"Maybe"}}""",
        "spec.paramRef.name: Invalid value: \"a/b\": may not contain '/'; spec.paramRef.name: Forbidden: name and selector are mutually exclusive; spec.paramRef.selector: Forbidden: name and selector are mutually exclusive; spec.paramRef.parameterNotFoundAction: Unsupported value: \"Maybe\": supported values: \"Deny\", \"Allow\"")]
    [InlineData("""{"policyName":"p","validationActions":["Deny"],"paramRef":{}}""",
        "spec.paramRef: Required value: one of name or selector must be specified; spec.paramRef.parameterNotFoundAction: Required value")]
    public void Binding_ValidateCreate(string spec, string expected) =>
        Assert.Equal(expected, Create(s_binding, $$"""{"metadata":{"name":"b"},"spec":{{spec}}}"""));
}
