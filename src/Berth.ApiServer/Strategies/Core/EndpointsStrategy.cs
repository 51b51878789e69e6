using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Core;

/// <summary>Endpoints: port protocols default to TCP.</summary>
public sealed class EndpointsStrategy : ResourceStrategy
{
    public override void Default(JsonObject obj)
    {
        foreach (var port in obj.Items("subsets").SelectMany(s => s.Items("ports")))
        {
            port.SetDefault("protocol", "TCP");
        }
    }
}
