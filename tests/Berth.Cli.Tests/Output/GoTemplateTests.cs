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

    [Theory]
    [InlineData("{{range .}}x")]
    [InlineData("{{if .ID}}x{{else}}y")]
    [InlineData("x{{end}}")]
    [InlineData("{{nosuch .ID}}")]
    [InlineData("{{template \"x\"}}")]
    [InlineData("{{break}}")]
    [InlineData("{{.ID | }}")]
    public void Parse_MalformedTemplate_InvalidArgument(string format) =>
        Assert.StartsWith("template: ", Assert.Throws<InvalidArgumentException>(() => GoTemplate.Parse(format)).Message);

    private static readonly JsonObject Inspected = JsonNode.Parse("""
        {"Name": "web", "State": {"Running": true, "Status": "running", "ExitCode": 0, "Pid": 42},
         "Config": {"Labels": {"app": "shop", "tier": "front"}, "Env": ["A=1", "B=2"], "Cmd": null},
         "Mounts": [{"Source": "/a", "Destination": "/x"}, {"Source": "/b", "Destination": "/y"}],
         "Size": 2.5}
        """)!.AsObject();

    [Theory]
    [InlineData("{{.State.Status}} {{.State.Running}} {{.State.Pid}}", "running true 42")]
    [InlineData("{{if .State.Running}}up{{else}}down{{end}}", "up")]
    [InlineData("{{if eq .State.ExitCode 1}}one{{else if eq .State.ExitCode 0}}zero{{end}}", "zero")]
    [InlineData("{{range .Mounts}}{{.Source}}:{{.Destination}} {{end}}", "/a:/x /b:/y ")]
    [InlineData("{{range $i, $m := .Mounts}}{{$i}}={{$m.Destination}};{{end}}", "0=/x;1=/y;")]
    [InlineData("{{range $k, $v := .Config.Labels}}{{$k}}={{$v}},{{end}}", "app=shop,tier=front,")]
    [InlineData("{{range .Config.Cmd}}x{{else}}none{{end}}", "none")]
    [InlineData("{{range .Mounts}}{{if eq .Source \"/b\"}}{{break}}{{end}}{{.Source}}{{end}}", "/a")]
    [InlineData("{{index .Config.Labels \"app\"}}|{{index .Config.Labels \"nope\"}}|{{index .Config.Env 1}}", "shop||B=2")]
    [InlineData("{{.Config.Labels}} {{.Config.Env}}", "map[app:shop tier:front] [A=1 B=2]")]
    [InlineData("{{json .Config.Labels}} {{json .Name}}", "{\"app\":\"shop\",\"tier\":\"front\"} \"web\"")]
    [InlineData("{{join .Config.Env \",\"}} {{len .Mounts}} {{.Name | upper}} {{upper .Name | lower}}", "A=1,B=2 2 WEB web")]
    [InlineData("{{with .State}}{{.Status}}{{end}}{{with .Config.Cmd}}x{{else}}-{{end}}", "running-")]
    [InlineData("{{$n := .Name}}{{range .Mounts}}{{$n}}{{end}}{{$n = \"x\"}}{{$n}}", "webwebx")]
    [InlineData("{{and .State.Running .Name}} {{or .Config.Cmd \"dflt\"}} {{not .State.Running}}", "web dflt false")]
    [InlineData("{{printf \"%-5s|%3d|%.1f\" .Name .State.Pid .Size}} {{print .Name 1 2}} {{.Size}}", "web  | 42|2.5 web1 2 2.5")]
    [InlineData("{{truncate .Name 2}} {{title \"a b\"}} {{split \"a:b\" \":\"}} {{pad .Name 1 1}}", "we A B [a b]  web ")]
    [InlineData("{{lt 1 2}} {{ge .State.Pid 43}} {{ne .Name \"db\"}} {{eq .Name \"db\" \"web\"}}", "true false true true")]
    [InlineData("a  {{- .Name -}}  b {{/* a comment */}}c", "awebb c")]
    [InlineData("{{.Config.Missing}} {{range 3}}{{.}}{{end}} {{(index .Mounts 0).Source}}", "<no value> 012 /a")]
    public void Render_InspectedObject_AsGoTextTemplate(string format, string expected) =>
        Assert.Equal(expected, GoTemplate.Parse(format).Render(Inspected));

    [Theory]
    [InlineData("{{.Nope}}", "can't evaluate field Nope")]
    [InlineData("{{.Name.First}}", "can't evaluate field First in type string")]
    [InlineData("{{range .Name}}{{end}}", "range can't iterate over web")]
    [InlineData("{{lt .Name 1}}", "incompatible types for comparison")]
    [InlineData("{{index .Mounts 5}}", "index out of range: 5")]
    [InlineData("{{len .State.Pid}}", "len of type int")]
    [InlineData("{{$x}}", "undefined variable: $x")]
    public void Render_InvalidUse_InvalidArgumentAsGo(string format, string message) =>
        Assert.Contains(message, Assert.Throws<InvalidArgumentException>(() => GoTemplate.Parse(format).Render(Inspected)).Message);

    private sealed class LabelledRow : ITemplateData
    {
        public string? Field(string name) => name switch { "Names" => "web", "Labels" => "map[app:shop]", "State" => "Up 2 seconds", _ => null };

        public JsonObject ToJson() => new() { ["Names"] = new JsonArray("web"), ["Labels"] = new JsonObject { ["app"] = "shop" }, ["State"] = "running" };
    }

    [Theory]
    [InlineData("{{.Names}} {{.Labels}} {{.State}}", "web map[app:shop] Up 2 seconds")]
    [InlineData("{{.Labels.app}} {{index .Labels \"app\"}} {{json .Names}}", "shop shop [\"web\"]")]
    [InlineData("{{range $k, $v := .Labels}}{{$k}}{{end}} {{len .Names}} {{if .Names}}y{{end}}", "app 1 y")]
    public void Render_Row_FieldsPrintAsTheRowAndLookInsideItsJson(string format, string expected) =>
        Assert.Equal([expected], GoTemplate.Parse(format).Render(new LabelledRow()));

    [Fact]
    public void Table_BranchesStayInTheirCell_HeaderFromTheFirstField()
    {
        var template = GoTemplate.Parse("table {{.Names}}\t{{if .Labels.app}}{{.Labels.app}}{{else}}-{{end}}\t{{.State | upper}}");

        Assert.Equal(["web", "shop", "UP 2 SECONDS"], template.Render(new LabelledRow()));
        Assert.Equal(["NAMES", "", "STATE"], template.Headers(field => field.ToUpperInvariant()));
    }

    [Fact]
    public void Parse_UnclosedAction_InvalidArgumentAsGo()
    {
        Assert.Equal("template: unclosed action", Assert.Throws<InvalidArgumentException>(() => GoTemplate.Parse("{{.ID}} {{.Bogus")).Message);
        Assert.Equal(["a { b"], GoTemplate.Parse("a { b").Render(new Row()));
    }
}
