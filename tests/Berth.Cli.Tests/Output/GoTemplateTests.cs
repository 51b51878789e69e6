using System.Text.Json.Nodes;
using Berth.Cli.Output;

namespace Berth.Cli.Tests.Output;

public sealed class GoTemplateTests
{
    private sealed class Row : ITemplateData
    {
        public string? Field(string name) => name switch { "ID" => "abc", "Name" => "web", "MemUsage" => "1MB / 2GB", _ => null };

        public JsonObject ToJson() => new() { ["ID"] = "abc" };
    }

    [Fact]
    public void Render_PlainTemplate_FieldsAndEscapes()
    {
        var template = GoTemplate.Parse(@"{{.ID}}\t{{ .Name }}:{{json .Name}}");

        Assert.False(template.IsTable);
        Assert.Equal(["abc\tweb:\"web\""], template.Render(new Row()));
    }

    [Fact]
    public void Render_JsonOfTheRow_TheRowsJson() =>
        Assert.Equal(["{\"ID\":\"abc\"}"], GoTemplate.Parse("{{json .}}").Render(new Row()));

    [Fact]
    public void Table_SpacesAndTabsBetweenActions_SeparateCellsUnderHeaders()
    {
        var template = GoTemplate.Parse(@"table {{.ID}} {{.Name}}\t{{.MemUsage}}");

        Assert.True(template.IsTable);
        Assert.Equal(["abc", "web", "1MB / 2GB"], template.Render(new Row()));
        Assert.Equal(["ID", "NAME", "MEM USAGE"], template.Headers(field => field == "MemUsage" ? "MEM USAGE" : field.ToUpperInvariant()));
    }

    [Fact]
    public void Render_UnknownField_InvalidArgument() =>
        Assert.Contains("can't evaluate field Nope", Assert.Throws<InvalidArgumentException>(() => GoTemplate.Parse("{{.Nope}}").Render(new Row())).Message);

    [Fact]
    public void Parse_UnsupportedAction_InvalidArgument() =>
        Assert.Throws<InvalidArgumentException>(() => GoTemplate.Parse("{{range .}}x{{end}}"));

    [Fact]
    public void Parse_UnclosedAction_InvalidArgumentAsGo()
    {
        Assert.Equal("template: unclosed action", Assert.Throws<InvalidArgumentException>(() => GoTemplate.Parse("{{.ID}} {{.Bogus")).Message);
        Assert.Equal(["a { b"], GoTemplate.Parse("a { b").Render(new Row()));
    }
}
