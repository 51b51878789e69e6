using System.Text.Json.Nodes;
using Berth.ApiServer.FieldManagement;
using Berth.ApiServer.Http;
using Berth.ApiServer.Patching;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Validation;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

/// <summary>
/// PATCH on an object, its status, or its scale: JSON patch, merge patch or strategic merge patch
/// (../Patching), and server-side apply (../FieldManagement), which creates the object when absent.
/// </summary>
public sealed class PatchHandler(ResourceStore store, ObjectResponder responder, SubresourceHandler subresources, FieldManager fields)
{
    public async Task PatchAsync(HttpContext context, RequestTarget target, QueryOptions query, UpdateTarget part)
    {
        if (RequestBody.MediaType(context) == PatchContentTypes.ApplyPatch)
        {
            await ApplyAsync(context, target, query, part);
            return;
        }
        var contentType = context.Request.ContentType ?? "";
        var body = await RequestBody.ReadAsync(context);
        var resource = target.Resource;
        var mode = query.FieldValidation;
        var duplicates = DuplicateFields.Find(body.Span);
        var write = ManagedWrites.For(context, resource, query, part);
        IReadOnlyList<string> warnings = [];
        var patched = await store.UpdateAsync(resource, target.Namespace, target.Name!, current =>
        {
            var result = Apply(current, contentType, body, Admission.KindOf(resource));
            warnings = Admission.CheckFields(resource, result, mode, duplicates);
            fields.RecordUpdate(current, result, write);
            return result;
        }, part, query.WriteBy(context), context.RequestAborted);
        Warnings.Add(context, warnings);
        await responder.WriteObjectAsync(context, resource, patched);
    }

    public async Task PatchScaleAsync(HttpContext context, RequestTarget target, QueryOptions query)
    {
        var contentType = context.Request.ContentType ?? "";
        var body = await RequestBody.ReadAsync(context);
        var gvk = new GroupVersionKind("autoscaling", "v1", "Scale");
        var updated = await subresources.WriteScaleAsync(context, target, query, scale => Apply(scale, contentType, body, gvk));
        await JsonResponse.WriteAsync(context, ScaleConverter.ToScale(updated));
    }

    /// <summary>Server-side apply: merge the applied configuration under the field manager's ownership rules, or create from it.</summary>
    private async Task ApplyAsync(HttpContext context, RequestTarget target, QueryOptions query, UpdateTarget part)
    {
        var body = await RequestBody.ReadAsync(context);
        var resource = target.Resource;
        var (applied, duplicates) = ParseApplied(body);
        Warnings.Add(context, Admission.CheckFields(resource, applied, query.FieldValidation, duplicates));
        ObjectHandler.CheckIdentity(target, applied);
        var write = ManagedWrites.For(context, resource, query, part, requireManager: true);
        var force = query.Force;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var updated = await store.UpdateAsync(resource, target.Namespace, target.Name!,
                    current => fields.Apply(current, (JsonObject)applied.DeepClone(), write, force), part, query.WriteBy(context), context.RequestAborted);
                await responder.WriteObjectAsync(context, resource, updated);
                return;
            }
            catch (ApiException missing) when (missing.Code == 404 && part == UpdateTarget.Main && attempt == 1)
            {
            }
            try
            {
                var created = fields.Apply(null, (JsonObject)applied.DeepClone(), write, force);
                created = await store.CreateAsync(resource, target.Namespace, created, query.WriteBy(context), context.RequestAborted);
                await responder.WriteObjectAsync(context, resource, created, 201);
                return;
            }
            catch (ApiException exists) when (exists.Code == 409 && exists.Reason == "AlreadyExists" && attempt == 1)
            {
                // Created concurrently: apply onto it.
            }
        }
    }

    /// <summary>An apply body is YAML, or JSON (which kubectl sends), whose repeated members field validation reports.</summary>
    private static DecodedBody ParseApplied(ReadOnlyMemory<byte> body)
    {
        var text = body.Span.TrimStart(" \t\r\n"u8);
        return text.Length > 0 && text[0] == (byte)'{'
            ? BodyDecoder.DecodeJson(body)
            : new DecodedBody(YamlBody.ToJson(body) as JsonObject ?? throw ApiException.BadRequest("the request body must be an object"), []);
    }

    private static JsonObject Apply(JsonObject current, string contentType, ReadOnlyMemory<byte> body, GroupVersionKind gvk)
    {
        try
        {
            return PatchApplier.Apply(current, contentType, body.Span, gvk);
        }
        catch (PatchException ex)
        {
            throw new ApiException(ex.StatusCode, ex.Reason, ex.Message);
        }
    }
}
