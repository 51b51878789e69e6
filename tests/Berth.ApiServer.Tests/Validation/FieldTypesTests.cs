using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tests.Validation;

public class FieldTypesTests
{
    private static readonly GroupVersionKind s_deployment = new("apps", "v1", "Deployment");

    [Fact]
    public void FindError_WellTypedDeployment_IsNull()
    {
        var obj = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"w","creationTimestamp":null,"labels":{"a":"b"}},
             "spec":{"replicas":2,"paused":false,"selector":{"matchLabels":{"a":"b"}},"strategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":"25%"}},
              "template":{"metadata":{"creationTimestamp":"2026-01-01T00:00:00Z"},"spec":{"containers":[{"name":"c","image":"x",
                "resources":{"requests":{"cpu":"250m","memory":"64Mi"},"limits":{"cpu":1}},"ports":[{"containerPort":80}]}]}}}}
            """);
        Assert.Null(FieldTypes.FindError(obj, s_deployment));
    }

    [Theory]
    [InlineData("""{"spec":{"replicas":"3"}}""", "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32")]
    [InlineData("""{"spec":{"replicas":1.5}}""", "json: cannot unmarshal number into Go struct field DeploymentSpec.spec.replicas of type int32")]
    [InlineData("""{"spec":{"paused":"yes"}}""", "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool")]
    [InlineData("""{"spec":{"template":{"spec":{"containers":{"name":"c"}}}}}""", "json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container")]
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"name":7}]}}}}""", "json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.name of type string")]
    [InlineData("""{"metadata":{"labels":{"a":1}}}""", "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string")]
    [InlineData("""{"metadata":"x"}""", "json: cannot unmarshal string into Go struct field Deployment.metadata of type v1.ObjectMeta")]
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"resources":{"limits":{"cpu":"lots"}}}]}}}}""", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    public void FindError_WrongType_GoStyleMessage(string json, string expected)
    {
        Assert.Equal(expected, FieldTypes.FindError(JsonNode.Parse(json), s_deployment));
    }

    [Theory]
    [InlineData("aGVsbG8=", null)]
    [InlineData("aGV!bG8=", "illegal base64 data at input byte 3")]
    public void FindError_SecretData_MustBeBase64(string value, string? expected)
    {
        var secret = new JsonObject { ["data"] = new JsonObject { ["k"] = value } };
        Assert.Equal(expected, FieldTypes.FindError(secret, new GroupVersionKind("", "v1", "Secret")));
    }

    [Fact]
    public void CannotBeHandled_Detail_KubernetesPrefix()
    {
        Assert.Equal("Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.foo\"",
            FieldTypes.CannotBeHandled(s_deployment, UnknownFields.StrictErrorMessage(["spec.foo"])));
    }
}
