using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Registry;

/// <summary>
/// Where a write meets the semantics of ../Validation: field types and unknown fields on what the
/// client sent, then defaulting and validation on the object about to be stored.
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

    public static void AdmitCreate(ResourceDefinition resource, JsonObject obj)
    {
        var gvk = KindOf(resource);
        ObjectDefaulter.Apply(obj, gvk);
        ThrowIfInvalid(gvk, obj, ObjectValidator.ValidateCreate(obj, gvk));
    }

    public static void AdmitUpdate(ResourceDefinition resource, JsonObject obj, JsonObject old)
    {
        var gvk = KindOf(resource);
        ObjectDefaulter.ApplyUpdate(obj, old, gvk);
        ThrowIfInvalid(gvk, obj, ObjectValidator.ValidateUpdate(obj, old, gvk));
    }

    private static void ThrowIfInvalid(GroupVersionKind gvk, JsonObject obj, IReadOnlyList<FieldError> errors)
    {
        if (errors.Count == 0)
        {
            return;
        }
        var status = InvalidObjectStatus.Create(gvk, obj["metadata"]?["name"]?.GetValue<string>() ?? "", errors);
        throw new ApiException(422, "Invalid", status["message"]!.GetValue<string>(), status["details"]!.DeepClone().AsObject());
    }
}
