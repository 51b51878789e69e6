using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Selectors;

namespace Berth.ApiServer.Tests.Selectors;

public class FieldSelectorTests
{
    private static readonly ResourceRegistry Registry = new(BuiltInResources.Create());

    private static readonly JsonObject Pod = JsonNode.Parse("""
        {"metadata":{"name":"p1","namespace":"ns1"},"spec":{"nodeName":"n1"},"status":{"phase":"Running"}}
        """)!.AsObject();

    [Theory]
    [InlineData("metadata.name=p1", true)]
    [InlineData("metadata.name!=p1", false)]
    [InlineData("metadata.namespace==ns1,spec.nodeName=n1", true)]
    [InlineData("status.phase=Pending", false)]
    [InlineData("spec.nodeName=", false)]
    [InlineData("spec.hostNetwork=false", true)]
    public void Matches_PodFields_ReturnsExpected(string selector, bool expected)
    {
        var pods = Registry.Find("", "v1", "pods")!;

        Assert.Equal(expected, FieldSelector.Parse(selector, pods).Matches(Pod));
    }

    [Fact]
    public void Parse_UnsupportedField_IsBadRequest()
    {
        var configMaps = Registry.Find("", "v1", "configmaps")!;

        var error = Assert.Throws<ApiException>(() => FieldSelector.Parse("spec.nodeName=n1", configMaps));

        Assert.Equal(400, error.Code);
        Assert.Contains("field label not supported", error.Message);
    }
}
