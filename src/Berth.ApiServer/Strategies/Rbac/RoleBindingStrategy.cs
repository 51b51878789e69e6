using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Rbac;

/// <summary>
/// RoleBindings and ClusterRoleBindings (pkg/registry/rbac/rolebinding, clusterrolebinding): User
/// and Group subjects default to the rbac API group (SetDefaults_Subject); the roleRef is immutable.
/// </summary>
public sealed class RoleBindingStrategy(bool namespaced) : ResourceStrategy
{
    public override void Default(JsonObject obj)
    {
        foreach (var subject in (obj["subjects"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (subject.Str("apiGroup") is null or "" && subject.Str("kind") is "User" or "Group")
            {
                subject["apiGroup"] = "rbac.authorization.k8s.io";
            }
        }
    }

    public override IReadOnlyList<string> CheckName(string name) => NameRules.PathSegmentName(name);

    protected override void Validate(JsonObject obj, List<FieldError> errors) => RbacValidator.Binding(obj, namespaced, errors);

    protected override void ValidateChanges(JsonObject obj, JsonObject old, List<FieldError> errors) => RbacValidator.BindingUpdate(obj, old, errors);
}
