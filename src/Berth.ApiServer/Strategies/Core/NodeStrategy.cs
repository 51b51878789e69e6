using System.Text.Json.Nodes;

namespace Berth.ApiServer.Strategies.Core;

/// <summary>Nodes (pkg/registry/core/node): a node agent registers its node with its status, which a create keeps.</summary>
public sealed class NodeStrategy : ResourceStrategy
{
    public override JsonObject? InitialStatus() => null;
}
