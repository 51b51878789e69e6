using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Discovery;

/// <summary>EndpointSlices: port protocols default to TCP; address type, endpoints and ports checked.</summary>
public sealed class EndpointSliceStrategy : ResourceStrategy
{
    public override void Default(JsonObject obj)
    {
        foreach (var port in obj.Items("ports"))
        {
            port.SetDefault("protocol", "TCP");
        }
    }

    protected override void Validate(JsonObject obj, List<FieldError> errors) => NetworkingValidator.EndpointSlice(obj, errors);
}
