using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Rbac;

/// <summary>Roles and ClusterRoles (pkg/registry/rbac/role, clusterrole): names are path segments (system:node-proxier); rules as kube validates them.</summary>
public sealed class RoleStrategy(bool namespaced) : ResourceStrategy
{
    public override IReadOnlyList<string> CheckName(string name) => NameRules.PathSegmentName(name);

    protected override void Validate(JsonObject obj, List<FieldError> errors) => RbacValidator.Role(obj, namespaced, errors);
}
