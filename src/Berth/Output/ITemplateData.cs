using System.Text.Json.Nodes;

namespace Berth.Cli.Output;

/// <summary>A row a <see cref="GoTemplate"/> renders: its fields by name, and the whole row as JSON (for <c>{{json .}}</c> and <c>--format json</c>).</summary>
public interface ITemplateData
{
    /// <summary>The field's text, or null when the row has no such field.</summary>
    string? Field(string name);

    JsonObject ToJson();
}
