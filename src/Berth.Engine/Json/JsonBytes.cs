using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Berth.Engine.Json;

/// <summary>
/// JSON written straight to a <see cref="Utf8JsonWriter"/>, for the few documents a foreground `run --rm` writes before its
/// container starts (the record, config.json, events). The serializer sets up, once per process, metadata for every type it
/// writes, by reflection: its converters' assembly check, the types' polymorphism attributes, enum names. That first use was
/// the biggest single part of such a run's own CPU (perf), whichever document came first.
/// </summary>
internal static class JsonBytes
{
    public static byte[] Write<T>(T value, Action<Utf8JsonWriter, T> write, bool indented)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, SkipValidation = true }))
        {
            write(writer, value);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>An array of objects, each object's members written by <paramref name="writeMembers"/>; nothing for null.</summary>
    public static void WriteObjects<T>(this Utf8JsonWriter writer, string name, IReadOnlyList<T>? items, Action<Utf8JsonWriter, T> writeMembers)
    {
        if (items is null)
        {
            return;
        }
        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            writer.WriteStartObject();
            writeMembers(writer, item);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    public static void WriteStrings(this Utf8JsonWriter writer, string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }
        writer.WriteEndArray();
    }

    public static void WriteStrings(this Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, string>? values)
    {
        if (values is null)
        {
            return;
        }
        writer.WriteStartObject(name);
        foreach (var (key, value) in values)
        {
            writer.WriteString(key, value);
        }
        writer.WriteEndObject();
    }

    /// <summary>A string unless null, as the serializer leaves nulls out.</summary>
    public static void WriteStringUnlessNull(this Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    public static void WriteNumberUnlessNull(this Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    public static void WriteNumberUnlessNull(this Utf8JsonWriter writer, string name, ulong? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    public static void WriteNumberUnlessNull(this Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    public static void WriteStringUnlessNull(this Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            writer.WriteString(name, time);
        }
    }

    /// <summary>A TimeSpan as the serializer writes it: the invariant constant format ("00:00:30").</summary>
    public static void WriteTimeSpan(this Utf8JsonWriter writer, string name, TimeSpan value) =>
        writer.WriteString(name, value.ToString("c", CultureInfo.InvariantCulture));

    /// <summary>An enum as the serializer's string enum converter writes it: the member's name.</summary>
    public static void WriteEnum<TEnum>(this Utf8JsonWriter writer, string name, TEnum value)
        where TEnum : struct, Enum => writer.WriteString(name, value.ToString());
}
