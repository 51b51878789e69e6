using System.Text.Json.Nodes;

namespace Berth.Yaml.Tests;

public sealed class YamlJsonTests
{
    [Fact]
    public void Documents_MultiDocumentStream_ReadsEachAndSkipsEmptyOnes()
    {
        var documents = YamlJson.Documents("kind: A\nn: 1\n---\n---\nkind: B\nlist: [x, 'true', true, ~]\n", 64);

        Assert.Equal(["{\"kind\":\"A\",\"n\":1}", "{\"kind\":\"B\",\"list\":[\"x\",\"true\",true,null]}"], documents.Select(d => d.ToJsonString()));
    }

    [Fact]
    public void Documents_Alias_IsTheAnchoredValue()
    {
        var document = YamlJson.Documents("a: &x {k: v}\nb: *x\n", 64).Single();

        Assert.Equal("{\"a\":{\"k\":\"v\"},\"b\":{\"k\":\"v\"}}", document.ToJsonString());
    }

    [Theory]
    [InlineData("a: [1", "not valid YAML")]
    [InlineData("? [k]\n: v\n", "YAML mapping keys must be scalars")]
    [InlineData("a: [[[1]]]\n", "the YAML nests deeper than 2 levels")]
    public void Documents_NoJsonForm_Throws(string yaml, string message)
    {
        var error = Assert.Throws<YamlJsonException>(() => YamlJson.Documents(yaml, 2));

        Assert.StartsWith(message, error.Message);
    }
}
