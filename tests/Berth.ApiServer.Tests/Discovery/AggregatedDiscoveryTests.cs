using Berth.ApiServer.Discovery;
using Berth.ApiServer.Resources;

namespace Berth.ApiServer.Tests.Discovery;

public class AggregatedDiscoveryTests
{
    private static readonly AggregatedDiscovery Discovery = new(new ResourceRegistry(BuiltInResources.Create()));

    [Theory]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json", true)]
    [InlineData("application/json; g=apidiscovery.k8s.io; v=v2; as=APIGroupDiscoveryList", true)]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json", false)]
    [InlineData("application/json, */*", false)]
    [InlineData("application/json,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", false)]
    [InlineData("", false)]
    public void IsPreferred_Accept_ChoosesAggregatedOnlyWhenAskedFirst(string accept, bool expected)
    {
        Assert.Equal(expected, AggregatedDiscovery.IsPreferred(accept));
    }

    [Fact]
    public void Document_Groups_ListEveryResourceWithScopeAndSubresources()
    {
        var apis = Discovery.Document(core: false);

        Assert.Equal("apidiscovery.k8s.io/v2", apis["apiVersion"]!.GetValue<string>());
        var apps = apis["items"]!.AsArray().Single(i => i!["metadata"]!["name"]?.GetValue<string>() == "apps")!;
        var deployments = apps["versions"]![0]!["resources"]!.AsArray().Single(r => r!["resource"]!.GetValue<string>() == "deployments")!;
        Assert.Equal("Namespaced", deployments["scope"]!.GetValue<string>());
        Assert.Equal("Deployment", deployments["responseKind"]!["kind"]!.GetValue<string>());
        var scale = deployments["subresources"]!.AsArray().Single(s => s!["subresource"]!.GetValue<string>() == "scale")!;
        Assert.Equal("autoscaling", scale["responseKind"]!["group"]!.GetValue<string>());
        var core = Assert.Single(Discovery.Document(core: true)["items"]!.AsArray())!;
        Assert.Null(core["metadata"]!["name"]);
        Assert.Contains(core["versions"]![0]!["resources"]!.AsArray(), r => r!["resource"]!.GetValue<string>() == "pods" && r["scope"]!.GetValue<string>() == "Namespaced");
    }
}
