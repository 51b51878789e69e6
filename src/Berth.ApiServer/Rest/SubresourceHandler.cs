using System.Text.Json.Nodes;
using Berth.ApiServer.FieldManagement;
using Berth.ApiServer.Http;
using Berth.ApiServer.Objects;
using Berth.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

/// <summary>The scale subresource and pods/binding. (status and finalize are updates with a narrower target.)</summary>
public sealed class SubresourceHandler(ResourceStore store, FieldManager fields, TimeProvider time)
{
    // The answer to every binding, as kube-apiserver gives it; made once (the scheduler binds each pod it places).
    private static readonly byte[] BindingCreated = """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201}"""u8.ToArray();

    public async Task GetScaleAsync(HttpContext context, RequestTarget target)
    {
        var obj = await store.GetAsync(target.Resource, target.Namespace, target.Name!, context.RequestAborted);
        await JsonResponse.WriteAsync(context, ScaleConverter.ToScale(obj));
    }

    public async Task UpdateScaleAsync(HttpContext context, RequestTarget target, QueryOptions query)
    {
        var scale = await BodyDecoder.ReadObjectAsync(context, "k8s.io.api.autoscaling.v1.Scale");
        var updated = await WriteScaleAsync(context, target, query, _ => scale);
        await JsonResponse.WriteAsync(context, ScaleConverter.ToScale(updated));
    }

    /// <summary>
    /// Applies a change made to the Scale view back to the object: spec.replicas, with the Scale's
    /// resourceVersion as precondition; the writer owns spec.replicas (managedFields, subresource scale).
    /// </summary>
    public Task<JsonObject> WriteScaleAsync(HttpContext context, RequestTarget target, QueryOptions query, Func<JsonObject, JsonObject> changeScale)
    {
        var write = ManagedWrites.For(context, target.Resource, query, UpdateTarget.Main) with { Subresource = "scale" };
        return store.UpdateAsync(target.Resource, target.Namespace, target.Name!, current =>
        {
            var old = (JsonObject)current.DeepClone();
            var scale = changeScale(ScaleConverter.ToScale(current));
            var replicas = scale["spec"]?["replicas"];
            if (replicas is not JsonValue value || !value.TryGetValue<long>(out var count) || count < 0)
            {
                throw ApiException.Invalid("autoscaling", "Scale", target.Name!, [new FieldCause("spec.replicas", "FieldValueInvalid", $"Invalid value: {replicas?.ToJsonString() ?? "null"}: must be greater than or equal to 0")]);
            }
            var spec = current["spec"] as JsonObject ?? [];
            spec["replicas"] = count;
            current["spec"] = spec;
            ObjectMetadata.Set(current, "resourceVersion", ObjectMetadata.Get(scale, "resourceVersion") is { Length: > 0 } rv ? rv : null);
            fields.RecordUpdate(old, current, write);
            return current;
        }, UpdateTarget.Main, query.WriteBy(context), context.RequestAborted);
    }

    /// <summary>
    /// POST pods/{name}/binding: assigns the pod to a node once (409 when already bound) and sets
    /// its PodScheduled condition True, as kube-apiserver's binding storage does.
    /// </summary>
    public async Task BindAsync(HttpContext context, RequestTarget target, QueryOptions query)
    {
        var binding = await BodyDecoder.ReadObjectAsync(context, "k8s.io.api.core.v1.Binding");
        var node = binding["target"]?["name"] is JsonValue n && n.TryGetValue<string>(out var name) ? name : "";
        if (node.Length == 0)
        {
            throw ApiException.Invalid("", "Binding", target.Name!, [new FieldCause("target.name", "FieldValueRequired", "Required value")]);
        }
        var now = ObjectMetadata.Timestamp(time.GetUtcNow());
        await store.RewriteAsync(target.Resource, target.Namespace, target.Name!, UpdateTarget.Binding, binding,
            pod => PodBindingJson.Bind(pod, target.Name!, node, now), query.WriteBy(context), context.RequestAborted);
        await JsonResponse.WriteBytesAsync(context, BindingCreated, 201);
    }
}
