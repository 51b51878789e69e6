using System.Text.Json.Nodes;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.AdmissionControl.Policies;

/// <summary>
/// The params a binding gives its policy (kube's generic.CollectParams): none when the policy has no
/// paramKind or the binding no paramRef (one evaluation with <c>params</c> null); else the object named
/// by paramRef.name, or every object paramRef.selector matches, in paramRef.namespace or the request's
/// own (for a namespaced kind); nothing found is an admit under parameterNotFoundAction Allow and a
/// configuration error under Deny. Params are read from the watch cache, as kube reads its informer.
/// </summary>
public static class PolicyParams
{
    /// <summary>The policy's param resource, null without paramKind; a configuration error when the kind is not served.</summary>
    public static (ResourceDefinition? Resource, string? Error) Resolve(JsonObject policy, ObjectLookup objects)
    {
        if (policy.At("spec", "paramKind") is not JsonObject paramKind)
        {
            return (null, null);
        }
        var apiVersion = paramKind.Str("apiVersion") ?? "";
        var kind = paramKind.Str("kind") ?? "";
        var slash = apiVersion.IndexOf('/');
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        return objects.ResourceOfKind(group, version, kind) is { } resource
            ? (resource, null)
            : (null, $"failed to find resource referenced by paramKind: '{group}/{version}, Kind={kind}'");
    }

    /// <summary>The params to evaluate the policy with (a null entry means no params), or why the binding cannot be used.</summary>
    public static async Task<(IReadOnlyList<JsonObject?> Params, string? Error)> CollectAsync(
        ResourceDefinition? resource, JsonObject policy, JsonObject binding, string requestNamespace, ObjectLookup objects, CancellationToken cancellationToken)
    {
        if (resource is null || binding.At("spec", "paramRef") is not JsonObject paramRef)
        {
            return ([null], null);
        }
        var ns = paramRef.Str("namespace") ?? "";
        if (!resource.Namespaced && ns.Length > 0)
        {
            return ([], "paramRef.namespace must not be provided for a cluster-scoped `paramKind`");
        }
        if (resource.Namespaced && ns.Length == 0)
        {
            if (requestNamespace.Length == 0)
            {
                return ([], "cannot use namespaced paramRef in policy binding that matches cluster-scoped resources");
            }
            ns = requestNamespace;
        }
        var found = await FindAsync(resource, resource.Namespaced ? ns : null, paramRef, objects, cancellationToken);
        if (found.Count == 0 && paramRef.Str("parameterNotFoundAction") == "Deny")
        {
            return ([], "no params found for policy binding with `Deny` parameterNotFoundAction");
        }
        var paramKind = policy.At("spec", "paramKind")!;
        foreach (var param in found)
        {
            // kube fills in the TypeMeta typed objects lack, so params.kind reads as in the stored JSON.
            param!["apiVersion"] ??= paramKind.Str("apiVersion");
            param["kind"] ??= paramKind.Str("kind");
        }
        return (found, null);
    }

    private static async Task<List<JsonObject?>> FindAsync(ResourceDefinition resource, string? ns, JsonObject paramRef, ObjectLookup objects, CancellationToken cancellationToken)
    {
        if (paramRef.Str("name") is { Length: > 0 } name)
        {
            return await objects.FindAsync(resource, ns, name, cancellationToken) is { } named ? [named] : [];
        }
        var selector = MatchResources.Selector(paramRef["selector"]);
        return [.. objects.List(resource, ns).Where(o => selector.Matches(MatchResources.Labels(o)))];
    }
}
