using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using k8s;

namespace Berth.Client.Watch;

/// <summary>
/// Reads a watch response: one JSON object per line, <c>{"type":…,"object":…}</c>. The object is
/// parsed once, straight from the line, into its model; an ERROR event's Status becomes an
/// <see cref="ApiStatusException"/>.
/// </summary>
internal static class WatchStreamReader
{
    public static async IAsyncEnumerable<WatchEvent<T>> ReadAsync<T>(Stream body, JsonTypeInfo<T> type, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var filled = 0;
        try
        {
            while (true)
            {
                var start = 0;
                int newline;
                while ((newline = Array.IndexOf(buffer, (byte)'\n', start, filled - start)) >= 0)
                {
                    if (newline > start)
                    {
                        yield return Parse(buffer.AsSpan(start, newline - start), type);
                    }
                    start = newline + 1;
                }
                Array.Copy(buffer, start, buffer, 0, filled - start);
                filled -= start;
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Array.Copy(buffer, larger, filled);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    if (filled > 0)
                    {
                        yield return Parse(buffer.AsSpan(0, filled), type);
                    }
                    yield break;
                }
                filled += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal static WatchEvent<T> Parse<T>(ReadOnlySpan<byte> line, JsonTypeInfo<T> type)
    {
        var reader = new Utf8JsonReader(line);
        string? eventType = null;
        ReadOnlySpan<byte> obj = default;
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            var isObject = reader.ValueTextEquals("object"u8);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (isType)
            {
                eventType = reader.GetString();
            }
            else if (isObject)
            {
                obj = line[start..(int)reader.BytesConsumed];
            }
        }
        if (eventType == "ERROR")
        {
            var status = JsonSerializer.Deserialize(obj, ModelJsonContext.Default.ApiStatus) ?? new ApiStatus { Code = 500, Message = "watch error" };
            throw new ApiStatusException(status);
        }
        var kind = eventType switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            _ => throw new JsonException($"unknown watch event type {eventType}"),
        };
        var value = JsonSerializer.Deserialize(obj, type) ?? throw new JsonException("a watch event without an object");
        return new WatchEvent<T>(kind, value);
    }
}
