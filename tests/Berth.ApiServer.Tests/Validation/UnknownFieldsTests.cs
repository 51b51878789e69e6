using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tests.Validation;

public class UnknownFieldsTests
{
    private static readonly GroupVersionKind s_deployment = new("apps", "v1", "Deployment");

    [Fact]
    public void Find_ValidDeploymentWithMapsQuantitiesAndIntOrString_FindsNothing()
    {
        var obj = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"any/key":"v"},"annotations":{"x":"y"}},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
              "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":1}},
              "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx",
                "resources":{"limits":{"cpu":"500m","memory":"64Mi"}},"ports":[{"containerPort":80}],
                "readinessProbe":{"httpGet":{"port":"http","path":"/"}}}]}}}}
            """);
        Assert.Empty(UnknownFields.Find(obj, s_deployment));
    }

    [Fact]
    public void Find_UnknownFieldsAtSeveralDepths_ReportsKubernetesPaths()
    {
        var obj = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","bogus":1},
             "spec":{"foo":true,"template":{"spec":{"containers":[{"name":"a"},{"name":"b","imagee":"nginx"}]}}}}
            """);
        Assert.Equal(["metadata.bogus", "spec.foo", "spec.template.spec.containers[1].imagee"], UnknownFields.Find(obj, s_deployment));
    }

    [Fact]
    public void Find_UnknownFieldInAMapOfObjects_NamesTheKey()
    {
        var obj = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"template":{"spec":{"overhead":{"cpu":"1"},"containers":[{"name":"a","resources":{"claims":[{"name":"gpu","bogus":1}]}}]}}}}
            """);
        var crd = JsonNode.Parse("""
            {"spec":{"versions":[{"name":"v1","schema":{"openAPIV3Schema":{"properties":{"size":{"type":"string","bogus":1}}}}}]}}
            """);

        Assert.Equal(["spec.template.spec.containers[0].resources.claims[0].bogus"], UnknownFields.Find(obj, s_deployment));
        Assert.Equal(["spec.versions[0].schema.openAPIV3Schema.properties.size.bogus"],
            UnknownFields.Find(crd, new GroupVersionKind("apiextensions.k8s.io", "v1", "CustomResourceDefinition")));
    }

    [Fact]
    public void Prune_UnknownFields_RemovesThemAndKeepsTheRest()
    {
        var obj = JsonNode.Parse("""{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c"},"data":{"k":"v"},"extra":{"x":1}}""");
        var removed = UnknownFields.Prune(obj, new GroupVersionKind("", "v1", "ConfigMap"));
        Assert.Equal(["extra"], removed);
        Assert.Null(obj!["extra"]);
        Assert.Equal("v", obj["data"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public void Find_UnknownKind_FindsNothing()
    {
        Assert.Empty(UnknownFields.Find(JsonNode.Parse("""{"whatever":1}"""), new GroupVersionKind("example.com", "v1", "Widget")));
    }

    [Fact]
    public void StrictErrorMessage_TwoPaths_ListsEachAsKubernetes()
    {
        Assert.Equal("strict decoding error: unknown field \"spec.foo\", unknown field \"spec.bar\"", UnknownFields.StrictErrorMessage(["spec.foo", "spec.bar"]));
    }

    [Fact]
    public void StrictErrorMessage_DuplicatesAndUnknown_DuplicatesFirst()
    {
        Assert.Equal("strict decoding error: duplicate field \"metadata.name\", unknown field \"spec.foo\"", UnknownFields.StrictErrorMessage(["spec.foo"], ["metadata.name"]));
    }

    [Theory]
    [InlineData("Strict", FieldValidationMode.Strict, true)]
    [InlineData("Warn", FieldValidationMode.Warn, true)]
    [InlineData("Ignore", FieldValidationMode.Ignore, true)]
    [InlineData(null, FieldValidationMode.Warn, true)]
    [InlineData("strict", FieldValidationMode.Ignore, false)]
    public void TryParseMode_QueryValue_ParsesLikeKubernetes(string? value, FieldValidationMode expected, bool ok)
    {
        Assert.Equal(ok, UnknownFields.TryParseMode(value, out var mode));
        Assert.Equal(expected, mode);
    }
}
