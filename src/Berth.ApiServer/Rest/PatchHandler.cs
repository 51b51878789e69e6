using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

/// <summary>PATCH on an object, its status, or its scale (wired to Patching/ when it lands).</summary>
public sealed class PatchHandler(ResourceStore store, ObjectResponder responder, SubresourceHandler subresources)
{
    public Task PatchAsync(HttpContext context, RequestTarget target, QueryOptions query, UpdateTarget part) =>
        throw ApiException.UnsupportedMediaType(context.Request.ContentType ?? $"{store}{responder}{subresources}");

    public Task PatchScaleAsync(HttpContext context, RequestTarget target, QueryOptions query) =>
        throw ApiException.UnsupportedMediaType(context.Request.ContentType ?? "");
}
