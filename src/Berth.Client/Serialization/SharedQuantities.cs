using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Berth.Client.Serialization;

/// <summary>
/// Reads resource quantities through a small cache of quantities already read, as <see cref="SharedStrings"/> does for
/// strings: the requests, limits, capacity and allocatable of one object after another repeat ("100m", "128Mi"), and
/// parsing one costs a fraction of big integers. A <see cref="ResourceQuantity"/> cannot be changed once made, so the
/// objects informers keep can share one. Numbers and what the cache does not take are read as the model reads them.
/// </summary>
internal sealed class SharedQuantities : JsonConverter<ResourceQuantity>
{
    private const int MaxLength = 32;
    private const int Slots = 1024;

    private static readonly ResourceQuantityJsonConverter Model = new();

    private readonly Entry?[] _slots = new Entry?[Slots];

    public override ResourceQuantity? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxLength)
        {
            return Model.Read(ref reader, typeToConvert, options);
        }
        var bytes = reader.ValueSpan;
        var slot = SharedStrings.Slot(bytes, Slots);
        // An entry is replaced whole: a racing thread sees the old one, the new one or null.
        if (_slots[slot] is { } cached && Ascii.Equals(bytes, cached.Text))
        {
            return cached.Quantity;
        }
        var quantity = Model.Read(ref reader, typeToConvert, options);
        if (quantity is not null && Ascii.IsValid(bytes))
        {
            _slots[slot] = new Entry(Encoding.ASCII.GetString(bytes), quantity);
        }
        return quantity;
    }

    public override void Write(Utf8JsonWriter writer, ResourceQuantity value, JsonSerializerOptions options) => Model.Write(writer, value, options);

    private sealed record Entry(string Text, ResourceQuantity Quantity);
}
