using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Patching;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Validation;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

/// <summary>PATCH on an object, its status, or its scale: JSON patch, merge patch or strategic merge patch (../Patching).</summary>
public sealed class PatchHandler(ResourceStore store, ObjectResponder responder, SubresourceHandler subresources)
{
    public async Task PatchAsync(HttpContext context, RequestTarget target, QueryOptions query, UpdateTarget part)
    {
        var contentType = context.Request.ContentType ?? "";
        var body = await RequestBody.ReadAsync(context);
        var resource = target.Resource;
        var mode = query.FieldValidation;
        var duplicates = DuplicateFields.Find(body.Span);
        IReadOnlyList<string> warnings = [];
        var patched = await store.UpdateAsync(resource, target.Namespace, target.Name!, current =>
        {
            var result = Apply(current, contentType, body, Admission.KindOf(resource));
            warnings = Admission.CheckFields(resource, result, mode, duplicates);
            return result;
        }, part, query.DryRun, context.RequestAborted);
        Warnings.Add(context, warnings);
        await responder.WriteObjectAsync(context, resource, patched);
    }

    public async Task PatchScaleAsync(HttpContext context, RequestTarget target, QueryOptions query)
    {
        var contentType = context.Request.ContentType ?? "";
        var body = await RequestBody.ReadAsync(context);
        var gvk = new GroupVersionKind("autoscaling", "v1", "Scale");
        var updated = await subresources.WriteScaleAsync(target, scale => Apply(scale, contentType, body, gvk), query.DryRun, context.RequestAborted);
        await JsonResponse.WriteAsync(context, ScaleConverter.ToScale(updated));
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
