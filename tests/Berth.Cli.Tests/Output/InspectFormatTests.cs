using System.Text.Json.Nodes;
using Berth.Cli.Output;

namespace Berth.Cli.Tests.Output;

/// <summary>Podman 4.3's inspect --format, as measured: `table ` aligns columns with no header row; anything else is a line per object.</summary>
public sealed class InspectFormatTests
{
    private static readonly JsonNode[] Containers =
    [
        new JsonObject { ["Id"] = "a52067c37b7b69d5", ["Name"] = "nm-t", ["State"] = new JsonObject { ["Status"] = "created" } },
        new JsonObject { ["Id"] = "cfd1880e75", ["Name"] = "nm-t2", ["State"] = new JsonObject { ["Status"] = "running" } },
    ];

    [Fact]
    public void Text_Table_AlignedColumnsAtLeast12WideWithNoHeader() =>
        Assert.Equal(
            "a52067c37b7b69d5  nm-t        created\ncfd1880e75        nm-t2       running\n",
            InspectFormat.Text(InspectFormat.Parse("table {{.Id}} {{.Name}}\t{{.State.Status}}"), Containers));

    [Fact]
    public void Text_TableWithLiteralText_TheTextIsACellOfItsOwn() =>
        Assert.Equal("NAME        nm-t\nNAME        nm-t2\n", InspectFormat.Text(InspectFormat.Parse("table NAME {{.Name}}"), Containers));

    [Theory]
    [InlineData("table", "table\ntable\n")]
    [InlineData("table{{.Name}}", "tablenm-t\ntablenm-t2\n")]
    [InlineData(@"{{.Name}}\t{{.Id}}", "nm-t\ta52067c37b7b69d5\nnm-t2\tcfd1880e75\n")]
    [InlineData(@"{{.Name}}\n", "nm-t\nnm-t2\n")]
    public void Text_NotATable_ALinePerObject(string format, string expected) =>
        Assert.Equal(expected, InspectFormat.Text(InspectFormat.Parse(format), Containers));

    [Fact]
    public void Text_Json_AnIndentedArray()
    {
        Assert.Null(InspectFormat.Parse("json"));
        Assert.StartsWith("[\n  {\n    \"Id\": \"a52067c37b7b69d5\"", InspectFormat.Text(null, [Containers[0].DeepClone()]));
    }
}
