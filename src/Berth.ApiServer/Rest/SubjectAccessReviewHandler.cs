using System.Text.Json.Nodes;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.Authorization;
using Berth.ApiServer.Http;
using Berth.ApiServer.Objects;
using Berth.ApiServer.Validation;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

/// <summary>
/// POST of the authorization.k8s.io access reviews (kube's pkg/registry/authorization): would the
/// authorizer chain allow this verb on this resource or path? SelfSubjectAccessReview
/// (<c>kubectl auth can-i</c>) asks for the requesting user; SubjectAccessReview for the user and
/// groups in its spec; LocalSubjectAccessReview the same within the namespace of its URL. Nothing is stored.
/// </summary>
public sealed class SubjectAccessReviewHandler(RequestAuthorizer authorizer)
{
    private const string Group = "authorization.k8s.io";

    public Task SelfSubjectAccessReviewAsync(HttpContext context, RequestTarget target, QueryOptions query) =>
        ReviewAsync(context, target, "SelfSubjectAccessReview", "k8s.io.api.authorization.v1.SelfSubjectAccessReview");

    public Task SubjectAccessReviewAsync(HttpContext context, RequestTarget target, QueryOptions query) =>
        ReviewAsync(context, target, "SubjectAccessReview", "k8s.io.api.authorization.v1.SubjectAccessReview");

    public Task LocalSubjectAccessReviewAsync(HttpContext context, RequestTarget target, QueryOptions query) =>
        ReviewAsync(context, target, "LocalSubjectAccessReview", "k8s.io.api.authorization.v1.LocalSubjectAccessReview");

    private async Task ReviewAsync(HttpContext context, RequestTarget target, string kind, string protoMessage)
    {
        var review = await BodyDecoder.ReadObjectAsync(context, protoMessage);
        var metadata = review["metadata"] as JsonObject ?? [];
        review["metadata"] = metadata;
        var spec = review["spec"] as JsonObject ?? [];
        var errors = new List<FieldError>();
        SpecErrors(spec, errors);
        UserInfo subject;
        if (kind == "SelfSubjectAccessReview")
        {
            subject = context.Features.Get<UserInfo>() ?? UserInfo.AnonymousUser;
        }
        else
        {
            if (string.IsNullOrEmpty(spec.Str("user")) && spec["groups"] is not JsonArray { Count: > 0 })
            {
                errors.Add(FieldError.Invalid("spec.user", spec.Str("user") ?? "", "at least one of user or group must be specified"));
            }
            subject = Subject(spec);
        }
        if (kind == "LocalSubjectAccessReview")
        {
            LocalErrors(metadata, spec, target.Namespace!, errors);
        }
        if (errors.Count > 0)
        {
            throw InvalidObjectStatus.Exception(new GroupVersionKind(Group, "v1", kind), ObjectMetadata.Name(review), errors);
        }

        var decision = authorizer.Decide(Attributes(subject, spec));
        var status = new JsonObject { ["allowed"] = decision.Decision == AuthorizationDecision.Allow };
        if (decision.Reason.Length > 0)
        {
            status["reason"] = decision.Reason;
        }
        var response = new JsonObject
        {
            ["kind"] = kind,
            ["apiVersion"] = $"{Group}/v1",
            ["metadata"] = metadata.DeepClone(),
            ["spec"] = spec.DeepClone(),
            ["status"] = status,
        };
        await JsonResponse.WriteAsync(context, response, 201);
    }

    /// <summary>kube's ValidateSubjectAccessReviewSpec: exactly one of the two attribute sets.</summary>
    private static void SpecErrors(JsonObject spec, List<FieldError> errors)
    {
        var resource = spec["resourceAttributes"];
        var nonResource = spec["nonResourceAttributes"];
        if (resource is not null && nonResource is not null)
        {
            errors.Add(FieldError.Invalid("spec.nonResourceAttributes", nonResource.DeepClone(), "cannot be specified in combination with resourceAttributes"));
        }
        if (resource is null && nonResource is null)
        {
            errors.Add(FieldError.Invalid("spec.resourceAttributes", null, "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
        }
    }

    /// <summary>A LocalSubjectAccessReview asks about its own namespace only, and never about paths.</summary>
    private static void LocalErrors(JsonObject metadata, JsonObject spec, string ns, List<FieldError> errors)
    {
        if (metadata.Str("namespace") is { Length: > 0 } given && given != ns)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        metadata["namespace"] = ns;
        if (spec["resourceAttributes"] is JsonObject resource && (resource.Str("namespace") ?? "") != ns)
        {
            errors.Add(FieldError.Invalid("spec.resourceAttributes.namespace", resource.Str("namespace") ?? "", "must match metadata.namespace"));
        }
        if (spec["nonResourceAttributes"] is { } nonResource)
        {
            errors.Add(FieldError.Invalid("spec.nonResourceAttributes", nonResource.DeepClone(), "disallowed on this kind of request"));
        }
    }

    /// <summary>The user a SubjectAccessReview names, as given (kube adds no groups to it).</summary>
    private static UserInfo Subject(JsonObject spec)
    {
        var extra = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var (key, values) in spec["extra"] as JsonObject ?? [])
        {
            extra[key] = PolicyRule.Strings(values);
        }
        return new UserInfo(spec.Str("user") ?? "", spec.Str("uid") ?? "", PolicyRule.Strings(spec["groups"]), extra);
    }

    private static RequestAttributes Attributes(UserInfo user, JsonObject spec)
    {
        if (spec["resourceAttributes"] is JsonObject r)
        {
            return new RequestAttributes(
                user, r.Str("verb") ?? "", true, "", r.Str("group") ?? "", r.Str("version") ?? "", r.Str("namespace") ?? "",
                r.Str("resource") ?? "", r.Str("subresource") ?? "", r.Str("name") ?? "");
        }
        var n = spec["nonResourceAttributes"] as JsonObject ?? [];
        return new RequestAttributes(user, n.Str("verb") ?? "", false, n.Str("path") ?? "");
    }
}
