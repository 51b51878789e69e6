using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tests.Validation;

public class RbacValidatorTests
{
    private static List<string> RoleErrors(string json, bool namespaced)
    {
        var errors = new List<FieldError>();
        RbacValidator.Role(JsonNode.Parse(json)!.AsObject(), namespaced, errors);
        return [.. errors.Select(e => e.ToString())];
    }

    private static List<string> BindingErrors(string json, bool namespaced)
    {
        var errors = new List<FieldError>();
        RbacValidator.Binding(JsonNode.Parse(json)!.AsObject(), namespaced, errors);
        return [.. errors.Select(e => e.ToString())];
    }

    [Fact]
    public void Role_RulesNeedVerbsGroupsAndResources()
    {
        Assert.Equal(
            ["rules[0].verbs: Required value: verbs must contain at least one value",
             "rules[0].apiGroups: Required value: resource rules must supply at least one api group",
             "rules[0].resources: Required value: resource rules must supply at least one resource"],
            RoleErrors("""{"rules":[{}]}""", namespaced: true));
        Assert.Empty(RoleErrors("""{"rules":[{"verbs":["get"],"apiGroups":[""],"resources":["pods"]}]}""", namespaced: true));
    }

    [Fact]
    public void NonResourceUrls_OnlyInClusterRoles_AndNotWithResources()
    {
        Assert.Equal(
            ["rules[0].nonResourceURLs: Invalid value: [\"/healthz\"]: namespaced rules cannot apply to non-resource URLs"],
            RoleErrors("""{"rules":[{"verbs":["get"],"nonResourceURLs":["/healthz"]}]}""", namespaced: true));
        Assert.Empty(RoleErrors("""{"rules":[{"verbs":["get"],"nonResourceURLs":["/healthz"]}]}""", namespaced: false));
        Assert.Equal(
            ["rules[0].nonResourceURLs: Invalid value: [\"/healthz\"]: rules cannot apply to both regular resources and non-resource URLs"],
            RoleErrors("""{"rules":[{"verbs":["get"],"resources":["pods"],"nonResourceURLs":["/healthz"]}]}""", namespaced: false));
    }

    [Fact]
    public void Binding_RoleRefAndSubjects()
    {
        Assert.Equal(
            ["roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\"",
             "subjects[0].namespace: Required value",
             "subjects[1].kind: Unsupported value: \"Robot\": supported values: \"ServiceAccount\", \"User\", \"Group\""],
            BindingErrors("""
                {"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"},
                 "subjects":[{"kind":"ServiceAccount","name":"app"},{"kind":"Robot","name":"x"}]}
                """, namespaced: false));
        Assert.Empty(BindingErrors("""
            {"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"r"},
             "subjects":[{"kind":"ServiceAccount","name":"app"},{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"bob"}]}
            """, namespaced: true));
    }

    [Fact]
    public void BindingUpdate_RoleRefIsImmutable()
    {
        var errors = new List<FieldError>();
        RbacValidator.BindingUpdate(
            JsonNode.Parse("""{"roleRef":{"kind":"ClusterRole","name":"admin"}}""")!.AsObject(),
            JsonNode.Parse("""{"roleRef":{"kind":"ClusterRole","name":"view"}}""")!.AsObject(),
            errors);

        Assert.Equal(["roleRef: Invalid value: {\"kind\":\"ClusterRole\",\"name\":\"admin\"}: cannot change roleRef"], errors.Select(e => e.ToString()));
    }
}
