using Berth.ApiServer.Strategies;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.FieldManagement;

/// <summary>
/// Who writes an object and through what: the field manager, the API version, the subresource, the
/// fields it can own, and the kind's strategy (whose defaults a create or update owns).
/// </summary>
public sealed record ManagedWrite(string Manager, string ApiVersion, string Subresource, FieldScope Scope, ModelSchema? Schema, ResourceStrategy Strategy);
