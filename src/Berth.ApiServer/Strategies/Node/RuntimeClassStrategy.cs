using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Node;

/// <summary>
/// RuntimeClasses (pkg/apis/node/validation): a handler is required, is a DNS-1123 label (the
/// name of a runtime the nodes configure: Berth's agents know runc and crun) and never changes.
/// </summary>
public sealed class RuntimeClassStrategy : ResourceStrategy
{
    protected override void Validate(JsonObject obj, List<FieldError> errors)
    {
        if (obj.Str("handler") is not { Length: > 0 } handler)
        {
            errors.Add(FieldError.Required("handler"));
            return;
        }
        foreach (var problem in NameRules.Dns1123Label(handler))
        {
            errors.Add(FieldError.Invalid("handler", handler, problem));
        }
    }

    protected override void ValidateChanges(JsonObject obj, JsonObject old, List<FieldError> errors) =>
        ImmutableFields.Check(obj, old, "handler", errors, "handler");
}
