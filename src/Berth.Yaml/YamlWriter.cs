using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Berth.Yaml;

/// <summary>
/// Writes JSON nodes as block-style YAML through YamlDotNet's emitter (no reflection, so it works in the Native AOT
/// binary). A string that a plain scalar would turn into a number, boolean or null is quoted, so reading it back with
/// <see cref="YamlJson"/> (or kubectl) gives the same JSON.
/// </summary>
public static class YamlWriter
{
    public static string Write(JsonNode node)
    {
        var text = new StringWriter();
        var emitter = new Emitter(text);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Emit(emitter, node);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
                foreach (var (name, value) in obj)
                {
                    emitter.Emit(String(name));
                    Emit(emitter, value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }
                emitter.Emit(new SequenceEnd());
                break;
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            case JsonValue value when value.GetValueKind() is JsonValueKind.String:
                emitter.Emit(String(value.GetValue<string>()));
                break;
            default:
                // Numbers and booleans as JSON writes them, which YAML reads back as the same values.
                emitter.Emit(new Scalar(null, null, node.ToJsonString(), ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
        }
    }

    private static Scalar String(string text) =>
        YamlJson.Plain(text) is JsonValue value && value.GetValueKind() is JsonValueKind.String
            ? new Scalar(null, null, text, ScalarStyle.Any, isPlainImplicit: true, isQuotedImplicit: true)
            : new Scalar(null, null, text, ScalarStyle.DoubleQuoted, isPlainImplicit: false, isQuotedImplicit: true);
}
