using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Rbac;

/// <summary>Roles, ClusterRoles and their bindings: names are path segments (system:node-proxier).</summary>
public sealed class RbacStrategy : ResourceStrategy
{
    public override IReadOnlyList<string> CheckName(string name) => NameRules.PathSegmentName(name);
}
