using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Registry;

/// <summary>
/// Where a write meets the semantics of ../Validation: field types and unknown fields on what the
/// client sent; the 422 for what the kind's strategy finds invalid.
/// </summary>
public static class Admission
{
    public static GroupVersionKind KindOf(ResourceDefinition resource) => new(resource.Group, resource.Version, resource.Kind);

    public static FieldValidationMode ParseMode(string? value) =>
        UnknownFields.TryParseMode(value, out var mode)
            ? mode
            : throw ApiException.BadRequest($"fieldValidation: Unsupported value: \"{value}\": supported values: \"Ignore\", \"Warn\", \"Strict\"");

    /// <summary>
    /// Rejects fields of the wrong JSON type (400), drops unknown fields, and per the mode rejects
    /// them and members the body repeated (Strict, 400) or returns one warning per field (Warn).
    /// </summary>
    /// <param name="duplicates">Paths of members the raw body held twice (<see cref="DuplicateFields.Find"/>).</param>
    public static IReadOnlyList<string> CheckFields(ResourceDefinition resource, JsonObject body, FieldValidationMode mode, IReadOnlyList<string>? duplicates = null)
    {
        var gvk = KindOf(resource);
        if (FieldTypes.FindError(body, gvk) is { } typeError)
        {
            throw ApiException.BadRequest(FieldTypes.CannotBeHandled(gvk, typeError));
        }
        var unknown = UnknownFields.Prune(body, gvk);
        duplicates ??= [];
        if ((unknown.Count == 0 && duplicates.Count == 0) || mode == FieldValidationMode.Ignore)
        {
            return [];
        }
        return mode == FieldValidationMode.Strict
            ? throw ApiException.BadRequest(FieldTypes.CannotBeHandled(gvk, UnknownFields.StrictErrorMessage(unknown, duplicates)))
            : duplicates.Select(DuplicateFields.Message).Concat(unknown.Select(UnknownFields.WarningMessage)).ToList();
    }

    /// <summary>A 422 Invalid Status naming every field error, when there are any.</summary>
    public static void ThrowIfInvalid(ResourceDefinition resource, JsonObject obj, IReadOnlyList<FieldError> errors)
    {
        if (errors.Count == 0)
        {
            return;
        }
        throw InvalidObjectStatus.Exception(KindOf(resource), obj["metadata"]?["name"]?.GetValue<string>() ?? "", errors);
    }
}
