using System.Text;
using System.Text.Json;
using Berth.Client.Serialization;
using k8s.Models;

namespace Berth.Client.Tests.Serialization;

public sealed class SharedQuantitiesTests
{
    private static V1Pod Decode(string json) => JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(json), CacheModelJson.For<V1Pod>())!;

    private static V1Pod DecodeAsTheModel(string json) => JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(json), ModelJsonContext.Default.V1Pod)!;

    private static string Pod(string cpu, string memory) =>
        $$$$"""{"spec":{"containers":[{"name":"c","resources":{"requests":{"cpu":{{{{cpu}}}},"memory":{{{{memory}}}}}}}]}}""";

    private static IDictionary<string, ResourceQuantity> Requests(V1Pod pod) => pod.Spec.Containers[0].Resources.Requests;

    [Fact]
    public void Decode_QuantitiesThatRepeat_AreOneInstanceAcrossObjects()
    {
        var first = Requests(Decode(Pod("\"100m\"", "\"128Mi\"")));
        var second = Requests(Decode(Pod("\"100m\"", "\"128Mi\"")));

        Assert.Same(first["cpu"], second["cpu"]);
        Assert.Same(first["memory"], second["memory"]);
        Assert.Equal("100m", second["cpu"].ToString());
        Assert.Equal(134217728L, second["memory"].ToInt64());
    }

    [Theory]
    // Numbers, escaped, longer than the cache takes, canonicalized, and one after another in the same slot's place.
    [InlineData("2", "0.5")]
    [InlineData("\"\\u0031\"", "\"1.5Gi\"")]
    [InlineData("\"000000000000000000000000000000000250m\"", "\"1000Mi\"")]
    [InlineData("\"1000m\"", "\"1024Ki\"")]
    [InlineData("\"250m\"", "\"250M\"")]
    public void Decode_AnyQuantity_ReadsAsTheModelReadsIt(string cpu, string memory)
    {
        var json = Pod(cpu, memory);
        var expected = Requests(DecodeAsTheModel(json));
        for (var i = 0; i < 2; i++)
        {
            var read = Requests(Decode(json));
            Assert.Equal(expected["cpu"].ToString(), read["cpu"].ToString());
            Assert.Equal(expected["memory"].ToString(), read["memory"].ToString());
        }
    }

    [Fact]
    public void Decode_NoQuantity_IsNull()
    {
        Assert.Null(Requests(Decode(Pod("null", "\"1Gi\"")))["cpu"]);
    }

    [Fact]
    public void Decode_NotAQuantity_FailsAsTheModelFails()
    {
        var json = Pod("\"lots\"", "\"1Gi\"");
        var expected = Record.Exception(() => DecodeAsTheModel(json));

        for (var i = 0; i < 2; i++)
        {
            var error = Record.Exception(() => Decode(json));
            Assert.NotNull(error);
            Assert.Equal(expected?.GetType(), error.GetType());
        }
    }
}
