using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Streaming;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

/// <summary>
/// Maps an HTTP method and a <see cref="RequestTarget"/> onto a verb handler; subresources beyond
/// status and scale go to the handler registered under their name, when the resource's row lists
/// them; a resource that stores nothing (a review) takes only POST, to its own handler; everything
/// else is a 405.
/// </summary>
public sealed class ResourceDispatcher
{
    /// <summary>What pods/proxy and services/proxy pass on, as kube's proxy REST handlers.</summary>
    private static readonly string[] ProxiedMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    private readonly ObjectHandler _objects;
    private readonly PatchHandler _patches;
    private readonly SubresourceHandler _subresources;
    private readonly WatchHandler _watches;
    private readonly Dictionary<(string Subresource, string Method), Func<HttpContext, RequestTarget, QueryOptions, Task>> _handlers;
    private readonly Dictionary<string, Func<HttpContext, RequestTarget, QueryOptions, Task>> _reviews;

    public ResourceDispatcher(
        ObjectHandler objects,
        SubresourceHandler subresources,
        PatchHandler patches,
        WatchHandler watches,
        TokenRequestHandler tokenRequests,
        SelfSubjectReviewHandler selfSubjectReviews,
        SubjectAccessReviewHandler accessReviews,
        SelfSubjectRulesReviewHandler rulesReviews,
        EvictionHandler evictions,
        PodStreamHandler podStreams,
        ProxyHandler proxies)
    {
        _objects = objects;
        _patches = patches;
        _subresources = subresources;
        _watches = watches;
        _handlers = new()
        {
            [("binding", "POST")] = subresources.BindAsync,
            [("finalize", "PUT")] = (context, target, query) => objects.UpdateAsync(context, target, query, UpdateTarget.Finalize),
            [("approval", "PUT")] = (context, target, query) => objects.UpdateAsync(context, target, query, UpdateTarget.Approval),
            [("ephemeralcontainers", "GET")] = (context, target, _) => objects.GetAsync(context, target),
            [("ephemeralcontainers", "PUT")] = (context, target, query) => objects.UpdateAsync(context, target, query, UpdateTarget.EphemeralContainers),
            [("ephemeralcontainers", "PATCH")] = (context, target, query) => patches.PatchAsync(context, target, query, UpdateTarget.EphemeralContainers),
            [("token", "POST")] = tokenRequests.CreateAsync,
            [("eviction", "POST")] = evictions.CreateAsync,
            [("log", "GET")] = podStreams.LogAsync,
            [("exec", "GET")] = podStreams.ExecAsync,
            [("exec", "POST")] = podStreams.ExecAsync,
            [("attach", "GET")] = podStreams.AttachAsync,
            [("attach", "POST")] = podStreams.AttachAsync,
            [("portforward", "GET")] = podStreams.PortForwardAsync,
            [("portforward", "POST")] = podStreams.PortForwardAsync,
        };
        foreach (var method in ProxiedMethods)
        {
            _handlers[("proxy", method)] = (context, target, query) =>
                target.Resource.Name == "services" ? proxies.ServiceAsync(context, target, query) : proxies.PodAsync(context, target, query);
        }
        _reviews = new()
        {
            ["selfsubjectreviews.authentication.k8s.io"] = selfSubjectReviews.CreateAsync,
            ["selfsubjectaccessreviews.authorization.k8s.io"] = accessReviews.SelfSubjectAccessReviewAsync,
            ["subjectaccessreviews.authorization.k8s.io"] = accessReviews.SubjectAccessReviewAsync,
            ["localsubjectaccessreviews.authorization.k8s.io"] = accessReviews.LocalSubjectAccessReviewAsync,
            ["selfsubjectrulesreviews.authorization.k8s.io"] = rulesReviews.CreateAsync,
        };
    }

    public Task DispatchAsync(HttpContext context, RequestTarget target)
    {
        var query = new QueryOptions(context.Request.Query);
        var method = context.Request.Method;
        var resource = target.Resource;
        if (target.Name is not null && resource.Namespaced && target.Namespace is null)
        {
            throw ApiException.NotFoundPath(context.Request.Path);
        }
        if (!resource.Stored)
        {
            return (target.Name, method) is (null, "POST") && _reviews.TryGetValue(resource.QualifiedName, out var review)
                ? review(context, target, query)
                : throw ApiException.MethodNotAllowed(method, resource.Name);
        }
        if (target.LegacyWatch || (query.Watch && method == "GET"))
        {
            return method == "GET" ? _watches.ServeAsync(context, target, query) : throw ApiException.MethodNotAllowed(method, resource.Name);
        }
        return (target.Name, target.Subresource, method) switch
        {
            (null, _, "GET") => _objects.ListAsync(context, target, query),
            (null, _, "POST") => _objects.CreateAsync(context, target, query),
            (null, _, "DELETE") when resource.Verbs.Contains("deletecollection") => _objects.DeleteCollectionAsync(context, target, query),
            (not null, null, "GET") => _objects.GetAsync(context, target),
            (not null, null, "PUT") => _objects.UpdateAsync(context, target, query, UpdateTarget.Main),
            (not null, null, "PATCH") => _patches.PatchAsync(context, target, query, UpdateTarget.Main),
            (not null, null, "DELETE") => _objects.DeleteAsync(context, target, query),
            (not null, "status", "GET") when resource.HasStatus => _objects.GetAsync(context, target),
            (not null, "status", "PUT") when resource.HasStatus => _objects.UpdateAsync(context, target, query, UpdateTarget.Status),
            (not null, "status", "PATCH") when resource.HasStatus => _patches.PatchAsync(context, target, query, UpdateTarget.Status),
            (not null, "scale", "GET") when resource.HasScale => _subresources.GetScaleAsync(context, target),
            (not null, "scale", "PUT") when resource.HasScale => _subresources.UpdateScaleAsync(context, target, query),
            (not null, "scale", "PATCH") when resource.HasScale => _patches.PatchScaleAsync(context, target, query),
            (not null, { } name, _) when Serves(target, name) && _handlers.TryGetValue((name, method), out var handler) => handler(context, target, query),
            (not null, { } name, _) when name is "status" or "scale" || Serves(target, name) => throw ApiException.MethodNotAllowed(method, $"{resource.Name}/{name}"),
            (_, null, _) => throw ApiException.MethodNotAllowed(method, resource.Name),
            _ => throw ApiException.NotFoundPath(context.Request.Path),
        };
    }

    private static bool Serves(RequestTarget target, string subresource) => target.Resource.Subresources.Any(s => s.Name == subresource);
}
