using System.Text.Json.Nodes;
using Berth.ApiServer.FieldManagement;
using Berth.ApiServer.Http;
using Berth.ApiServer.Objects;
using Berth.ApiServer.Protobuf;
using Berth.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

/// <summary>The verbs on a resource and its items: get, list, create, update, delete, deletecollection.</summary>
public sealed class ObjectHandler(ResourceStore store, ObjectResponder responder, FieldManager fields)
{
    public async Task GetAsync(HttpContext context, RequestTarget target)
    {
        var obj = await store.GetAsync(target.Resource, target.Namespace, target.Name!, context.RequestAborted);
        await responder.WriteObjectAsync(context, target.Resource, obj);
    }

    public async Task ListAsync(HttpContext context, RequestTarget target, QueryOptions query)
    {
        var page = await store.ListAsync(target.Resource, target.Namespace, query.List(target.Resource), context.RequestAborted);
        await responder.WriteListAsync(context, target.Resource, page);
    }

    public async Task CreateAsync(HttpContext context, RequestTarget target, QueryOptions query)
    {
        var (body, duplicates) = await BodyDecoder.ReadCheckedAsync(context, ProtoMessage(target));
        Warnings.Add(context, Admission.CheckFields(target.Resource, body, query.FieldValidation, duplicates));
        fields.RecordUpdate(null, body, ManagedWrites.For(context, target.Resource, query, UpdateTarget.Main));
        var created = await store.CreateAsync(target.Resource, target.Namespace, body, query.WriteBy(context), context.RequestAborted);
        await responder.WriteObjectAsync(context, target.Resource, created, 201);
    }

    public async Task UpdateAsync(HttpContext context, RequestTarget target, QueryOptions query, UpdateTarget part)
    {
        var (body, duplicates) = await BodyDecoder.ReadCheckedAsync(context, ProtoMessage(target));
        Warnings.Add(context, Admission.CheckFields(target.Resource, body, query.FieldValidation, duplicates));
        CheckIdentity(target, body);
        var write = ManagedWrites.For(context, target.Resource, query, part);
        var updated = await store.UpdateAsync(target.Resource, target.Namespace, target.Name!, current =>
        {
            var desired = (JsonObject)body.DeepClone();
            fields.RecordUpdate(current, desired, write);
            return desired;
        }, part, query.WriteBy(context), context.RequestAborted);
        await responder.WriteObjectAsync(context, target.Resource, updated);
    }

    public async Task DeleteAsync(HttpContext context, RequestTarget target, QueryOptions query)
    {
        var request = await DeleteRequestAsync(context, query);
        var (obj, _) = await store.DeleteAsync(target.Resource, target.Namespace, target.Name!, request, context.RequestAborted);
        await responder.WriteObjectAsync(context, target.Resource, obj);
    }

    /// <summary>The request's DeleteOptions, from the user who asks (delete admission judges them).</summary>
    private static async Task<DeleteRequest> DeleteRequestAsync(HttpContext context, QueryOptions query) =>
        DeleteRequest.From(await ReadDeleteOptionsAsync(context), query.Propagation, query.GracePeriodSeconds, query.DryRun) with { User = query.WriteBy(context).User };

    public async Task DeleteCollectionAsync(HttpContext context, RequestTarget target, QueryOptions query)
    {
        var request = await DeleteRequestAsync(context, query);
        var list = query.List(target.Resource) with { Limit = 0, Continue = null };
        var page = await store.ListAsync(target.Resource, target.Namespace, list, context.RequestAborted);
        var deleted = new List<JsonObject>();
        foreach (var item in page.Items)
        {
            try
            {
                var (obj, _) = await store.DeleteAsync(target.Resource, item.Metadata.Namespace, item.Metadata.Name, request, context.RequestAborted);
                deleted.Add(obj);
            }
            catch (ApiException notFound) when (notFound.Code == 404)
            {
            }
        }
        await JsonResponse.WriteAsync(context, new JsonObject
        {
            ["kind"] = target.Resource.ListKind,
            ["apiVersion"] = target.Resource.GroupVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = page.Revision.ToString() },
            ["items"] = new JsonArray(deleted.Select(d => (JsonNode)d).ToArray()),
        });
    }

    /// <summary>The name (and namespace) in a PUT body must be the URL's; missing ones are taken from it.</summary>
    internal static void CheckIdentity(RequestTarget target, JsonObject body)
    {
        var metadata = ObjectMetadata.Of(body);
        var name = ObjectMetadata.Name(body);
        if (name.Length > 0 && name != target.Name)
        {
            throw ApiException.BadRequest($"the name of the object ({name}) does not match the name on the URL ({target.Name})");
        }
        metadata["name"] = target.Name;
        if (target.Resource.Namespaced)
        {
            var ns = ObjectMetadata.Namespace(body);
            if (!string.IsNullOrEmpty(ns) && ns != target.Namespace)
            {
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            metadata["namespace"] = target.Namespace;
        }
    }

    private static async Task<JsonObject?> ReadDeleteOptionsAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context);
        if (body.Length == 0)
        {
            return null;
        }
        return BodyDecoder.Decode(context, body, "k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions");
    }

    private static string ProtoMessage(RequestTarget target) =>
        ProtoMessages.MessageName(target.Resource.Group, target.Resource.Version, target.Resource.Kind);
}
