using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Networking;

/// <summary>Ingresses: rules, paths and backends checked.</summary>
public sealed class IngressStrategy : ResourceStrategy
{
    protected override void Validate(JsonObject obj, List<FieldError> errors) =>
        NetworkingValidator.Ingress(obj["spec"] as JsonObject ?? [], errors);
}
