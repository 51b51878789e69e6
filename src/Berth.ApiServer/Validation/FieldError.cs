using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.ApiServer.Validation;

/// <summary>
/// One validation failure of one field, printed as Kubernetes' field.Error does:
/// <c>spec.containers[0].image: Required value</c>.
/// </summary>
/// <param name="Type">What went wrong.</param>
/// <param name="Field">The field path, e.g. <c>spec.template.spec.containers[0].image</c>.</param>
/// <param name="BadValue">The offending value (Invalid, NotSupported, Duplicate), else null.</param>
/// <param name="Detail">The rule that was broken, or the supported values for NotSupported.</param>
public sealed record FieldError(FieldErrorType Type, string Field, JsonNode? BadValue = null, string? Detail = null)
{
    /// <summary>The Status cause reason: FieldValueRequired, FieldValueInvalid, ...</summary>
    public string Reason => "FieldValue" + Type;

    /// <summary>The message without the field, as in a Status cause.</summary>
    public string Body => Type switch
    {
        FieldErrorType.Required => WithDetail("Required value"),
        FieldErrorType.Invalid => WithDetail($"Invalid value: {FormatValue(BadValue)}"),
        FieldErrorType.NotSupported => WithDetail($"Unsupported value: {FormatValue(BadValue)}"),
        FieldErrorType.Duplicate => $"Duplicate value: {FormatValue(BadValue)}",
        FieldErrorType.Forbidden => WithDetail("Forbidden"),
        FieldErrorType.NotFound => $"Not found: {FormatValue(BadValue)}",
        FieldErrorType.TooLong => WithDetail("Too long"),
        _ => WithDetail(Type.ToString()),
    };

    /// <summary>A required field is missing.</summary>
    public static FieldError Required(string field, string? detail = null) => new(FieldErrorType.Required, field, null, detail);

    /// <summary>A value breaks a rule described by <paramref name="detail"/>.</summary>
    public static FieldError Invalid(string field, JsonNode? value, string detail) => new(FieldErrorType.Invalid, field, value, detail);

    /// <summary>A value is not one of <paramref name="supported"/>.</summary>
    public static FieldError NotSupported(string field, JsonNode? value, IEnumerable<string> supported) =>
        new(FieldErrorType.NotSupported, field, value, "supported values: " + string.Join(", ", supported.Select(s => $"\"{s}\"")));

    /// <summary>A value is repeated.</summary>
    public static FieldError Duplicate(string field, JsonNode? value) => new(FieldErrorType.Duplicate, field, value);

    /// <summary>A reference to something that does not exist.</summary>
    public static FieldError NotFound(string field, JsonNode? value) => new(FieldErrorType.NotFound, field, value);

    /// <summary>A field may not be set or changed.</summary>
    public static FieldError Forbidden(string field, string detail) => new(FieldErrorType.Forbidden, field, null, detail);

    public override string ToString() => $"{Field}: {Body}";

    private string WithDetail(string head) => string.IsNullOrEmpty(Detail) ? head : $"{head}: {Detail}";

    private static string FormatValue(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => $"\"{v.GetValue<string>()}\"",
        _ => value.ToJsonString(),
    };
}
