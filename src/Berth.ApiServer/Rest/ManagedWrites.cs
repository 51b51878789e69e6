using Berth.ApiServer.FieldManagement;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Validation;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

/// <summary>Describes a write for the <see cref="FieldManager"/>: the manager (fieldManager, else the User-Agent's product), version, subresource and scope.</summary>
public static class ManagedWrites
{
    private const int MaxManagerLength = 128;

    /// <param name="requireManager">Apply needs an explicit fieldManager; other writes default to the User-Agent's product.</param>
    public static ManagedWrite For(HttpContext context, ResourceDefinition resource, QueryOptions query, UpdateTarget part, bool requireManager = false)
    {
        var manager = query.FieldManager;
        if (manager is null)
        {
            manager = requireManager
                ? throw ApiException.BadRequest("fieldManager: Required value: is required for apply patch")
                : ProductOf(context.Request.Headers.UserAgent.ToString());
        }
        if (manager.Length > MaxManagerLength || manager.Any(c => c < ' ' || c > '~'))
        {
            throw ApiException.BadRequest($"fieldManager: Invalid value: \"{manager}\": must be at most {MaxManagerLength} printable ASCII characters");
        }
        var scope = resource.Strategy.Scope(part, resource.HasStatus);
        var subresource = part switch
        {
            UpdateTarget.Status => "status",
            UpdateTarget.Finalize => "finalize",
            UpdateTarget.Approval => "approval",
            UpdateTarget.EphemeralContainers => "ephemeralcontainers",
            _ => "",
        };
        var schema = KubernetesModelTypes.Find(Admission.KindOf(resource)) is { } type ? ModelSchema.For(type) : null;
        return new ManagedWrite(manager, resource.GroupVersion, subresource, scope, schema, resource.Strategy);
    }

    /// <summary>"kubectl/v1.32.0 (linux/amd64) kubernetes/abc" → "kubectl", as Kubernetes names a manager without fieldManager.</summary>
    private static string ProductOf(string userAgent)
    {
        var product = userAgent.Split('/')[0].Trim();
        product = new string(product.Where(c => c is >= ' ' and <= '~').Take(MaxManagerLength).ToArray());
        return product.Length == 0 ? "unknown" : product;
    }
}
