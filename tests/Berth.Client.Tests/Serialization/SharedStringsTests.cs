using System.Text;
using System.Text.Json;
using Berth.Client.Serialization;
using k8s.Models;

namespace Berth.Client.Tests.Serialization;

public sealed class SharedStringsTests
{
    private static V1Pod Decode(string json) => JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(json), CacheModelJson.For<V1Pod>())!;

    private static string Pod(string name, string image, string labelValue) =>
        $$$"""{"metadata":{"name":"{{{name}}}","labels":{"app":"{{{labelValue}}}"}},"spec":{"containers":[{"name":"c","image":"{{{image}}}"}]}}""";

    [Fact]
    public void Decode_StringsThatRepeat_AreOneInstanceAcrossObjects()
    {
        var first = Decode(Pod("a", "registry.local/busybox:1", "web"));
        var second = Decode(Pod("b", "registry.local/busybox:1", "web"));

        Assert.Same(first.Spec.Containers[0].Image, second.Spec.Containers[0].Image);
        Assert.Same(first.Metadata.Labels["app"], second.Metadata.Labels["app"]);
        Assert.Same(first.Metadata.Labels.Keys.Single(), second.Metadata.Labels.Keys.Single());
        Assert.Equal(["a", "b"], [first.Metadata.Name, second.Metadata.Name]);
    }

    [Theory]
    // Escaped, non-ASCII (its UTF-8 bytes are not its characters), longer than the cache takes, empty.
    [InlineData("""a\"b\u0041""", "a\"bA")]
    [InlineData("Ã©", "Ã©")]
    [InlineData("é", "é")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789", "0123456789012345678901234567890123456789012345678901234567890123456789")]
    [InlineData("", "")]
    public void Decode_AnyString_ReadsAsWritten(string json, string expected)
    {
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(expected, Decode(Pod("p", json, json)).Spec.Containers[0].Image);
            Assert.Equal(expected, Decode(Pod("p", json, json)).Metadata.Labels["app"]);
        }
    }

    [Fact]
    public void Decode_ANumberWhereAStringBelongs_IsAJsonError()
    {
        Assert.Throws<JsonException>(() => Decode("""{"metadata":{"name":7}}"""));
        Assert.Null(Decode("""{"metadata":{"name":null}}""").Metadata.Name);
    }
}
