using System.Text.Json.Nodes;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.Authorization;
using Berth.ApiServer.Http;
using Berth.ApiServer.Validation;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

/// <summary>
/// POST selfsubjectrulesreviews (<c>kubectl auth can-i --list</c>): every rule the requesting user
/// holds in <c>spec.namespace</c>, resource rules and non-resource rules apart, as kube's
/// pkg/registry/authorization/selfsubjectrulesreview. Nothing is stored.
/// </summary>
public sealed class SelfSubjectRulesReviewHandler(RuleResolver rules)
{
    public async Task CreateAsync(HttpContext context, RequestTarget target, QueryOptions query)
    {
        var review = await BodyDecoder.ReadObjectAsync(context, "k8s.io.api.authorization.v1.SelfSubjectRulesReview");
        var user = context.Features.Get<UserInfo>() ?? UserInfo.AnonymousUser;
        var spec = review["spec"] as JsonObject ?? [];
        var resourceRules = new JsonArray();
        var nonResourceRules = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules.RulesFor(user, spec.Str("namespace") ?? ""))
        {
            var json = rule.ToJson();
            // Held twice (system:masters and cluster-admin, two bindings of one role) is listed once.
            if (!seen.Add(json.ToJsonString()))
            {
                continue;
            }
            if (rule.NonResourceUrls is { Count: > 0 })
            {
                nonResourceRules.Add((JsonNode)json);
            }
            else
            {
                resourceRules.Add((JsonNode)json);
            }
        }
        await JsonResponse.WriteAsync(context, new JsonObject
        {
            ["kind"] = "SelfSubjectRulesReview",
            ["apiVersion"] = "authorization.k8s.io/v1",
            ["metadata"] = review["metadata"]?.DeepClone() ?? new JsonObject(),
            ["spec"] = spec.DeepClone(),
            ["status"] = new JsonObject
            {
                ["resourceRules"] = resourceRules,
                ["nonResourceRules"] = nonResourceRules,
                ["incomplete"] = false,
            },
        }, 201);
    }
}
