using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Objects;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Resources;

namespace Berth.ApiServer.Authorization.Rbac;

/// <summary>
/// Writes the <see cref="BootstrapPolicy"/> at start, as kube-apiserver's rbac/bootstrap-roles
/// post-start hook: a missing default is created; one that is there and still annotated
/// <c>rbac.authorization.kubernetes.io/autoupdate: "true"</c> gets the rules, labels,
/// annotations and subjects it lacks (nothing is removed); one a user set to "false" is left alone.
/// Defaults Berth no longer makes (<see cref="BootstrapPolicy.RetiredClusterRoleBindings"/>) are deleted
/// while still autoupdated, so an older cluster loses them too.
/// </summary>
public sealed class BootstrapPolicyReconciler(ResourceStore store)
{
    private readonly ResourceDefinition _clusterRoles = store.Registry.Find(RbacSubject.ApiGroup, "v1", "clusterroles")!;
    private readonly ResourceDefinition _clusterRoleBindings = store.Registry.Find(RbacSubject.ApiGroup, "v1", "clusterrolebindings")!;

    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        foreach (var role in BootstrapPolicy.ClusterRoles())
        {
            await EnsureAsync(_clusterRoles, role, AddMissingRules, cancellationToken);
        }
        foreach (var binding in BootstrapPolicy.ClusterRoleBindings())
        {
            await EnsureAsync(_clusterRoleBindings, binding, AddMissingSubjects, cancellationToken);
        }
        foreach (var name in BootstrapPolicy.RetiredClusterRoleBindings)
        {
            await RetireAsync(_clusterRoleBindings, name, cancellationToken);
        }
    }

    private async Task RetireAsync(ResourceDefinition resource, string name, CancellationToken cancellationToken)
    {
        try
        {
            var current = await store.GetAsync(resource, null, name, cancellationToken);
            if (ObjectMetadata.Of(current)["annotations"]?[BootstrapPolicy.AutoUpdateAnnotation]?.GetValue<string>() == "true")
            {
                await store.DeleteAsync(resource, null, name, new DeleteRequest(), cancellationToken);
            }
        }
        catch (ApiException missing) when (missing.Code == 404)
        {
        }
    }

    private async Task EnsureAsync(ResourceDefinition resource, JsonObject expected, Action<JsonObject, JsonObject> merge, CancellationToken cancellationToken)
    {
        var name = ObjectMetadata.Name(expected);
        try
        {
            await store.CreateAsync(resource, null, (JsonObject)expected.DeepClone(), WriteOptions.Server, cancellationToken);
            return;
        }
        catch (ApiException exists) when (exists.Code == 409)
        {
        }
        await store.UpdateAsync(resource, null, name, current =>
        {
            if (ObjectMetadata.Of(current)["annotations"]?[BootstrapPolicy.AutoUpdateAnnotation]?.GetValue<string>() == "false")
            {
                return current;
            }
            AddMissing(ObjectMetadata.Of(current), ObjectMetadata.Of(expected), "labels");
            AddMissing(ObjectMetadata.Of(current), ObjectMetadata.Of(expected), "annotations");
            merge(current, expected);
            return current;
        }, UpdateTarget.Main, WriteOptions.Server, cancellationToken);
    }

    /// <summary>Adds each expected rule the role's rules do not already grant, and the aggregation rule when the role has none.</summary>
    private static void AddMissingRules(JsonObject current, JsonObject expected)
    {
        if (expected["aggregationRule"] is { } aggregation && current["aggregationRule"] is null)
        {
            current["aggregationRule"] = aggregation.DeepClone();
        }
        var held = current["rules"] is JsonArray rules ? rules.Select(PolicyRule.FromJson).ToList() : [];
        var missing = (expected["rules"] as JsonArray ?? [])
            .Select(PolicyRule.FromJson)
            .Where(rule => !rule.Breakdown().All(piece => held.Any(h => h.Covers(piece))))
            .ToList();
        foreach (var rule in missing)
        {
            Array(current, "rules").Add((JsonNode)rule.ToJson());
        }
    }

    private static void AddMissingSubjects(JsonObject current, JsonObject expected)
    {
        var held = (current["subjects"] as JsonArray ?? []).Select(s => RbacSubject.FromJson(s, "")).ToHashSet();
        foreach (var subject in (expected["subjects"] as JsonArray ?? []).Where(s => !held.Contains(RbacSubject.FromJson(s, ""))))
        {
            Array(current, "subjects").Add(subject!.DeepClone());
        }
    }

    private static void AddMissing(JsonObject metadata, JsonObject expected, string map)
    {
        if (expected[map] is not JsonObject wanted)
        {
            return;
        }
        if (metadata[map] is not JsonObject held)
        {
            held = [];
            metadata[map] = held;
        }
        foreach (var (key, value) in wanted)
        {
            if (!held.ContainsKey(key))
            {
                held[key] = value?.DeepClone();
            }
        }
    }

    private static JsonArray Array(JsonObject obj, string member)
    {
        if (obj[member] is not JsonArray array)
        {
            array = [];
            obj[member] = array;
        }
        return array;
    }
}
