using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

/// <summary>Maps an HTTP method and a <see cref="RequestTarget"/> onto a verb handler; everything else is a 405.</summary>
public sealed class ResourceDispatcher(ObjectHandler objects, SubresourceHandler subresources, PatchHandler patches, WatchHandler watches)
{
    public Task DispatchAsync(HttpContext context, RequestTarget target)
    {
        var query = new QueryOptions(context.Request.Query);
        var method = context.Request.Method;
        var resource = target.Resource;
        if (target.Name is not null && resource.Namespaced && target.Namespace is null)
        {
            throw ApiException.NotFoundPath(context.Request.Path);
        }
        if (target.LegacyWatch || (query.Watch && method == "GET"))
        {
            return method == "GET" ? watches.ServeAsync(context, target, query) : throw ApiException.MethodNotAllowed(method, resource.Name);
        }
        return (target.Name, target.Subresource, method) switch
        {
            (null, _, "GET") => objects.ListAsync(context, target, query),
            (null, _, "POST") => objects.CreateAsync(context, target, query),
            (null, _, "DELETE") when resource is not { Group: "", Name: "namespaces" } => objects.DeleteCollectionAsync(context, target, query),
            (not null, null, "GET") => objects.GetAsync(context, target),
            (not null, null, "PUT") => objects.UpdateAsync(context, target, query, UpdateTarget.Main),
            (not null, null, "PATCH") => patches.PatchAsync(context, target, query, UpdateTarget.Main),
            (not null, null, "DELETE") => objects.DeleteAsync(context, target, query),
            (not null, "status", "GET") when resource.HasStatus => objects.GetAsync(context, target),
            (not null, "status", "PUT") when resource.HasStatus => objects.UpdateAsync(context, target, query, UpdateTarget.Status),
            (not null, "status", "PATCH") when resource.HasStatus => patches.PatchAsync(context, target, query, UpdateTarget.Status),
            (not null, "scale", "GET") when resource.HasScale => subresources.GetScaleAsync(context, target),
            (not null, "scale", "PUT") when resource.HasScale => subresources.UpdateScaleAsync(context, target, query),
            (not null, "scale", "PATCH") when resource.HasScale => patches.PatchScaleAsync(context, target, query),
            (not null, "binding", "POST") when resource is { Group: "", Name: "pods" } => subresources.BindAsync(context, target, query),
            (not null, "finalize", "PUT") when resource is { Group: "", Name: "namespaces" } => objects.UpdateAsync(context, target, query, UpdateTarget.Finalize),
            (not null, "status" or "scale" or "binding" or "finalize", _) or (_, null, _) => throw ApiException.MethodNotAllowed(method, SubresourceName(target)),
            _ => throw ApiException.NotFoundPath(context.Request.Path),
        };
    }

    private static string SubresourceName(RequestTarget target) =>
        target.Subresource is null ? target.Resource.Name : $"{target.Resource.Name}/{target.Subresource}";
}
