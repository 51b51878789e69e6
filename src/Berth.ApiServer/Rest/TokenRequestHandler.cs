using System.Text.Json.Nodes;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.Http;
using Berth.ApiServer.Objects;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Validation;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

/// <summary>
/// POST serviceaccounts/NAME/token (the TokenRequest API, <c>kubectl create token</c>): a signed
/// token for the ServiceAccount, optionally bound to a Pod, Secret or Node that must exist, for an
/// hour unless the request asks for another duration (at least 10 minutes), worded as kube's
/// pkg/registry/core/serviceaccount/storage/token.go.
/// </summary>
public sealed class TokenRequestHandler(ResourceStore store, ServiceAccountIssuer issuer, TimeProvider time)
{
    private const long DefaultExpirationSeconds = 3600;
    private static readonly GroupVersionKind s_tokenRequest = new("authentication.k8s.io", "v1", "TokenRequest");

    public async Task CreateAsync(HttpContext context, RequestTarget target, QueryOptions query)
    {
        var request = await BodyDecoder.ReadObjectAsync(context, "k8s.io.api.authentication.v1.TokenRequest");
        var name = target.Name!;
        var ns = target.Namespace!;
        var serviceAccount = await store.GetAsync(target.Resource, ns, name, context.RequestAborted);
        var spec = request["spec"] as JsonObject ?? [];
        var expirationSeconds = spec.Int("expirationSeconds") ?? DefaultExpirationSeconds;
        Validate(name, expirationSeconds);
        var audiences = spec["audiences"] is JsonArray { Count: > 0 } asked
            ? asked.Select(a => a?.GetValue<string>() ?? "").ToList()
            : [.. issuer.Audiences];
        var bound = spec["boundObjectRef"] is JsonObject reference ? await BindAsync(reference, ns, name, context.RequestAborted) : null;

        var now = time.GetUtcNow();
        var expires = now.AddSeconds(expirationSeconds);
        var claims = new ServiceAccountClaims(ns, name, ObjectMetadata.Uid(serviceAccount), audiences, now, expires, Guid.NewGuid().ToString(), bound);
        spec["audiences"] = new JsonArray([.. audiences.Select(a => (JsonNode)a)]);
        spec["expirationSeconds"] = expirationSeconds;
        var metadata = request["metadata"] as JsonObject ?? [];
        metadata["name"] = name;
        metadata["namespace"] = ns;
        metadata["creationTimestamp"] = ObjectMetadata.Timestamp(now);
        var response = new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = metadata.DeepClone(),
            ["spec"] = spec.DeepClone(),
            ["status"] = new JsonObject
            {
                ["token"] = query.DryRun ? "" : issuer.Sign(claims),
                ["expirationTimestamp"] = ObjectMetadata.Timestamp(expires),
            },
        };
        await JsonResponse.WriteAsync(context, response, 201);
    }

    private static void Validate(string name, long expirationSeconds)
    {
        var errors = new List<FieldError>();
        if (expirationSeconds < 600)
        {
            errors.Add(FieldError.Invalid("spec.expirationSeconds", expirationSeconds, "may not specify a duration less than 10 minutes"));
        }
        if (expirationSeconds > 1L << 32)
        {
            errors.Add(FieldError.Invalid("spec.expirationSeconds", expirationSeconds, "may not specify a duration larger than 2^32 seconds"));
        }
        if (errors.Count > 0)
        {
            throw InvalidObjectStatus.Exception(s_tokenRequest, name, errors);
        }
    }

    /// <summary>The object the token dies with; a pod must run as this ServiceAccount.</summary>
    private async Task<BoundObject> BindAsync(JsonObject reference, string ns, string serviceAccount, CancellationToken cancellationToken)
    {
        var kind = reference.Str("kind") ?? "";
        var apiVersion = reference.Str("apiVersion") ?? "";
        var resource = (apiVersion is "v1" or "" ? kind : "") switch
        {
            "Pod" => store.Registry.Find("", "v1", "pods"),
            "Secret" => store.Registry.Find("", "v1", "secrets"),
            "Node" => store.Registry.Find("", "v1", "nodes"),
            _ => null,
        } ?? throw ApiException.BadRequest($"cannot bind token to object of type {GroupVersionKind.FromApiVersion(apiVersion, kind)}");
        var name = reference.Str("name") ?? "";
        var obj = await store.GetAsync(resource, ns, name, cancellationToken);
        if (kind == "Pod" && obj.Str("spec", "serviceAccountName") != serviceAccount)
        {
            throw ApiException.BadRequest($"cannot bind token for serviceaccount \"{serviceAccount}\" to pod running with different serviceaccount name.");
        }
        var uid = ObjectMetadata.Uid(obj);
        if (reference.Str("uid") is { Length: > 0 } expected && expected != uid)
        {
            throw ApiException.Conflict("", kind, name,
                $"the UID in the bound object reference ({expected}) does not match the UID in record. The object might have been deleted and then recreated");
        }
        return new BoundObject(kind, name, uid);
    }
}
