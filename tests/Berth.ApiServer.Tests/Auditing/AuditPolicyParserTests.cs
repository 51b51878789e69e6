using Berth.ApiServer.Auditing;

namespace Berth.ApiServer.Tests.Auditing;

public class AuditPolicyParserTests
{
    private const string Head = "apiVersion: audit.k8s.io/v1\nkind: Policy\n";

    [Fact]
    public void Parse_Yaml_ReadsEveryField()
    {
        var policy = AuditPolicyParser.Parse(Head + """
            omitStages: ["RequestReceived"]
            rules:
            - level: RequestResponse
              users: ["alice"]
              userGroups: ["dev"]
              verbs: ["create", "update"]
              namespaces: ["default", ""]
              resources:
              - group: ""
                resources: ["pods", "pods/log"]
                resourceNames: ["web"]
              omitStages: ["ResponseStarted"]
              omitManagedFields: true
            - level: None
              nonResourceURLs: ["/healthz*"]
            """);

        Assert.Equal([AuditStage.RequestReceived], policy.OmitStages);
        var rule = policy.Rules[0];
        Assert.Equal(AuditLevel.RequestResponse, rule.Level);
        Assert.Equal(["alice"], rule.Users);
        Assert.Equal(["dev"], rule.UserGroups);
        Assert.Equal(["create", "update"], rule.Verbs);
        Assert.Equal(["default", ""], rule.Namespaces);
        Assert.Equal("", rule.Resources[0].Group);
        Assert.Equal(["pods", "pods/log"], rule.Resources[0].Resources);
        Assert.Equal(["web"], rule.Resources[0].ResourceNames);
        Assert.Equal([AuditStage.ResponseStarted], rule.OmitStages);
        Assert.True(rule.OmitManagedFields);
        Assert.Equal(["/healthz*"], policy.Rules[1].NonResourceUrls);
        Assert.Null(policy.Rules[1].OmitManagedFields);
    }

    [Fact]
    public void Parse_Json_IsTheSamePolicy()
    {
        var policy = AuditPolicyParser.Parse("""
            {"apiVersion":"audit.k8s.io/v1","kind":"Policy","rules":[{"level":"Metadata","resources":[{"group":"apps","resources":["deployments"]}]}]}
            """);

        Assert.Equal(AuditLevel.Metadata, policy.Rules[0].Level);
        Assert.Equal("apps", policy.Rules[0].Resources[0].Group);
    }

    [Theory]
    [InlineData("rules: [{level: Metadata}", "not valid YAML or JSON")]
    [InlineData("", "want one audit.k8s.io/v1 Policy object")]
    [InlineData("- a\n- b", "want one audit.k8s.io/v1 Policy object")]
    [InlineData("apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules: [{level: None}]", "no kind \"Policy\" is registered for version \"audit.k8s.io/v1beta1\"")]
    [InlineData("apiVersion: audit.k8s.io/v1\nkind: Event\nrules: [{level: None}]", "no kind \"Event\" is registered")]
    [InlineData(Head + "rules: []", "rules: Required value")]
    [InlineData(Head, "rules: Required value")]
    [InlineData(Head + "rules: {level: None}", "rules: Invalid value: want a list")]
    [InlineData(Head + "rules: [{verbs: [get]}]", "rules[0].level: Required value")]
    [InlineData(Head + "rules: [{level: Verbose}]", "rules[0].level: Unsupported value: \"Verbose\": supported values: \"None\", \"Metadata\", \"Request\", \"RequestResponse\"")]
    [InlineData(Head + "rules: [{level: metadata}]", "rules[0].level: Unsupported value: \"metadata\"")]
    [InlineData(Head + "rules: [{level: None}, {level: Metadata, resource: [pods]}]", "rules[1].resource: unknown field")]
    [InlineData(Head + "rule: [{level: None}]", "rule: unknown field")]
    [InlineData(Head + "rules: [{level: None, verbs: get}]", "rules[0].verbs: Invalid value: want a list")]
    [InlineData(Head + "rules: [{level: None, users: [[a]]}]", "rules[0].users[0]: Invalid value: want a string")]
    [InlineData(Head + "rules: [{level: None, omitStages: [Done]}]", "rules[0].omitStages[0]: Unsupported value: \"Done\"")]
    [InlineData(Head + "omitStages: [Done]\nrules: [{level: None}]", "omitStages[0]: Unsupported value: \"Done\"")]
    [InlineData(Head + "rules: [{level: None, nonResourceURLs: [healthz]}]", "rules[0].nonResourceURLs[0]: Invalid value: \"healthz\": non-resource URL rules must begin with a '/' character")]
    [InlineData(Head + "rules: [{level: None, nonResourceURLs: ['/a*b']}]", "wildcards '*' must be the final character")]
    [InlineData(Head + "rules: [{level: None, nonResourceURLs: [/healthz], namespaces: [default]}]", "rules cannot apply to both regular resources and non-resource URLs")]
    [InlineData(Head + "rules: [{level: None, resources: [{group: '', resourceNames: [a]}]}]", "rules[0].resources[0].resourceNames: Invalid value: using resourceNames requires at least one resource")]
    [InlineData(Head + "rules: [{level: None, resources: [{group: '', resources: ['*'], resourceNames: [a]}]}]", "resourceNames cannot be used with a resource wildcard")]
    [InlineData(Head + "rules: [{level: None, resources: [{group: '', resources: [pods/log/x]}]}]", "rules[0].resources[0].resources[0]: Invalid value: \"pods/log/x\"")]
    [InlineData(Head + "rules: [{level: None, resources: [{groups: ''}]}]", "rules[0].resources[0].groups: unknown field")]
    [InlineData(Head + "omitManagedFields: yes\nrules: [{level: None}]", "omitManagedFields: Invalid value: \"yes\": want true or false")]
    public void Parse_Malformed_SaysWhereAndWhatInOneLine(string text, string error)
    {
        var ex = Assert.Throws<InvalidDataException>(() => AuditPolicyParser.Parse(text));

        Assert.Contains(error, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Load_Malformed_NamesTheFile()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, Head + "rules: [{level: Loud}]");

            var ex = Assert.Throws<InvalidDataException>(() => AuditPolicyParser.Load(path));

            Assert.StartsWith($"{path}: rules[0].level: Unsupported value: \"Loud\"", ex.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_Missing_NamesTheFile()
    {
        var ex = Assert.Throws<InvalidDataException>(() => AuditPolicyParser.Load("/nonexistent/policy.yaml"));

        Assert.StartsWith("/nonexistent/policy.yaml: ", ex.Message);
    }
}
