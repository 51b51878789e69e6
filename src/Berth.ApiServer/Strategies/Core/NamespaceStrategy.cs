using System.Text.Json.Nodes;
using Berth.ApiServer.FieldManagement;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Core;

/// <summary>
/// Namespaces (pkg/registry/core/namespace): named as DNS labels, created Active with the
/// "kubernetes" finalizer, whose spec only the finalize subresource changes; a deleted namespace
/// turns Terminating and stays while spec.finalizers holds it (its content is being removed).
/// </summary>
public sealed class NamespaceStrategy : ResourceStrategy
{
    public override IReadOnlyList<string> CheckName(string name) => NameRules.Dns1123Label(name);

    public override void Default(JsonObject obj)
    {
        if (obj.Str("metadata", "name") is { } name)
        {
            obj.Child("metadata").Child("labels")["kubernetes.io/metadata.name"] = name;
        }

        obj.Child("status").SetDefault("phase", "Active");
    }

    /// <summary>The finalizer is set on create only, so finalize can clear it and no update brings it back.</summary>
    public override void PrepareForCreate(JsonObject obj) =>
        obj.Child("spec").SetDefault("finalizers", new JsonArray("kubernetes"));

    public override void PrepareForUpdate(JsonObject desired, JsonObject current, UpdateTarget target)
    {
        if (target == UpdateTarget.Main)
        {
            desired["spec"] = current["spec"]?.DeepClone();
        }
    }

    public override FieldScope Scope(UpdateTarget target, bool hasStatus) =>
        target == UpdateTarget.Status ? FieldScope.Status : FieldScope.MainWithoutSpec;

    public override bool HoldsDeletion(JsonObject obj) => obj["spec"]?["finalizers"] is JsonArray { Count: > 0 };

    public override void MarkDeleting(JsonObject obj) => obj["status"] = new JsonObject { ["phase"] = "Terminating" };
}
