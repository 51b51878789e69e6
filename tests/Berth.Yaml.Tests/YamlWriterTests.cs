using System.Text.Json.Nodes;

namespace Berth.Yaml.Tests;

public sealed class YamlWriterTests
{
    [Fact]
    public void Write_Object_IsBlockYaml()
    {
        var yaml = YamlWriter.Write(JsonNode.Parse("""{"kind":"Pod","spec":{"containers":[{"name":"web","ports":[{"hostPort":8080}]}]}}""")!);

        Assert.Equal("kind: Pod\nspec:\n  containers:\n  - name: web\n    ports:\n    - hostPort: 8080\n", yaml.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("""{"s":"8080","b":"true","n":"null","e":"","t":"a: b","m":"line\nnext","f":1.5,"x":false,"z":null}""")]
    [InlineData("""{"list":[],"map":{},"deep":[[1,"2"],{"k":"~"}]}""")]
    public void Write_ThenRead_GivesTheSameJson(string json)
    {
        var node = JsonNode.Parse(json)!;

        var back = YamlJson.Documents(YamlWriter.Write(node), 64).Single();

        Assert.Equal(node.ToJsonString(), back.ToJsonString());
    }
}
