using Berth.ApiServer.Validation;

namespace Berth.ApiServer.FieldManagement;

/// <summary>Who writes an object and through what: the field manager, the API version, the subresource and the fields it can own.</summary>
public sealed record ManagedWrite(string Manager, string ApiVersion, string Subresource, FieldScope Scope, ModelSchema? Schema);
