using System.Text.Json;

namespace Berth.Engine.Images.Oci;

/// <summary>
/// Reads an image configuration (<see cref="OciImage"/>) as the serializer reads it with <see cref="OciJson"/>, but
/// without the source-generated metadata: every `run` reads its image's config, and setting that metadata up (a
/// converter and an attribute scan per type, by reflection) was the biggest part of a foreground `run --rm`'s CPU
/// before runc (perf: 14% of its main thread). The serializer's semantics are kept, so that both agree on every
/// document: names are case-sensitive, the last of duplicate names wins, unknown names are skipped, a null is read
/// as null, and a value of the wrong kind is a <see cref="JsonException"/>.
/// </summary>
public static class OciImageReader
{
    /// <summary>The image config in <paramref name="json"/>; null when the document is the JSON null.</summary>
    public static OciImage? Read(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        return Image(document.RootElement, "$");
    }

    private static OciImage? Image(JsonElement value, string path) => Object(value, path) is not { } image ? null : new()
    {
        Created = Field(image, path, "created", Time, null),
        Author = Field(image, path, "author", Text, null),
        Architecture = Field(image, path, "architecture", Text, "amd64")!,
        Os = Field(image, path, "os", Text, "linux")!,
        Config = Field(image, path, "config", ContainerConfig, null),
        RootFs = Field(image, path, "rootfs", RootFs, new())!,
        History = Field(image, path, "history", (v, p) => List(v, p, (e, q) => History(e, q)!), null),
    };

    private static OciContainerConfig? ContainerConfig(JsonElement value, string path) => Object(value, path) is not { } config ? null : new()
    {
        User = Field(config, path, "User", Text, null),
        ExposedPorts = Field(config, path, "ExposedPorts", (v, p) => Map(v, p, (e, q) => Empty(e, q)!), null),
        Env = Field(config, path, "Env", Strings, null),
        Entrypoint = Field(config, path, "Entrypoint", Strings, null),
        Cmd = Field(config, path, "Cmd", Strings, null),
        Volumes = Field(config, path, "Volumes", (v, p) => Map(v, p, (e, q) => Empty(e, q)!), null),
        WorkingDir = Field(config, path, "WorkingDir", Text, null),
        Labels = Field(config, path, "Labels", (v, p) => Map(v, p, (e, q) => Text(e, q)!), null),
        StopSignal = Field(config, path, "StopSignal", Text, null),
        Healthcheck = Field(config, path, "Healthcheck", Healthcheck, null),
        OnBuild = Field(config, path, "OnBuild", Strings, null),
    };

    private static OciHealthcheck? Healthcheck(JsonElement value, string path) => Object(value, path) is not { } check ? null : new()
    {
        Test = Field(check, path, "Test", Strings, [])!,
        Interval = Field(check, path, "Interval", Long, null),
        Timeout = Field(check, path, "Timeout", Long, null),
        StartPeriod = Field(check, path, "StartPeriod", Long, null),
        StartInterval = Field(check, path, "StartInterval", Long, null),
        Retries = Field(check, path, "Retries", Int, null),
    };

    private static OciRootFs? RootFs(JsonElement value, string path) => Object(value, path) is not { } rootFs ? null : new()
    {
        Type = Field(rootFs, path, "type", Text, "layers")!,
        DiffIds = Field(rootFs, path, "diff_ids", Strings, [])!,
    };

    private static OciHistory? History(JsonElement value, string path) => Object(value, path) is not { } entry ? null : new()
    {
        Created = Field(entry, path, "created", Time, null),
        CreatedBy = Field(entry, path, "created_by", Text, null),
        Author = Field(entry, path, "author", Text, null),
        Comment = Field(entry, path, "comment", Text, null),
        EmptyLayer = Field(entry, path, "empty_layer", Bool, null),
    };

    /// <summary>The property <paramref name="name"/> of an object read by <paramref name="read"/>, or <paramref name="absent"/>.</summary>
    private static T Field<T>(JsonElement obj, string path, string name, Func<JsonElement, string, T> read, T absent) =>
        obj.TryGetProperty(name, out var value) ? read(value, path + "." + name) : absent;

    /// <summary>The object itself; null for JSON null.</summary>
    private static JsonElement? Object(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.Object => value,
        JsonValueKind.Null => null,
        _ => throw Mismatch(path, "an object"),
    };

    private static List<string>? Strings(JsonElement value, string path) => List(value, path, (v, p) => Text(v, p)!);

    private static List<T>? List<T>(JsonElement value, string path, Func<JsonElement, string, T> item) => value.ValueKind switch
    {
        JsonValueKind.Array => [.. value.EnumerateArray().Select((element, i) => item(element, $"{path}[{i}]"))],
        JsonValueKind.Null => null,
        _ => throw Mismatch(path, "an array"),
    };

    private static Dictionary<string, T>? Map<T>(JsonElement value, string path, Func<JsonElement, string, T> read)
    {
        if (Object(value, path) is not { } obj)
        {
            return null;
        }
        var map = new Dictionary<string, T>();
        foreach (var property in obj.EnumerateObject())
        {
            map[property.Name] = read(property.Value, path + "." + property.Name);
        }
        return map;
    }

    private static EmptyObject? Empty(JsonElement value, string path) => Object(value, path) is null ? null : new EmptyObject();

    private static string? Text(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => throw Mismatch(path, "a string"),
    };

    private static long? Long(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var number) => number,
        JsonValueKind.Null => null,
        _ => throw Mismatch(path, "a 64-bit integer"),
    };

    private static int? Int(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt32(out var number) => number,
        JsonValueKind.Null => null,
        _ => throw Mismatch(path, "a 32-bit integer"),
    };

    private static bool? Bool(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        _ => throw Mismatch(path, "a boolean"),
    };

    private static DateTimeOffset? Time(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.String when value.TryGetDateTimeOffset(out var time) => time,
        JsonValueKind.Null => null,
        _ => throw Mismatch(path, "an ISO 8601 date and time"),
    };

    private static JsonException Mismatch(string path, string expected) =>
        new($"The JSON value could not be converted to {expected}. Path: {path}.");
}
