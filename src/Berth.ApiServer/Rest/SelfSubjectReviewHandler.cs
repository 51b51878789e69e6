using System.Text.Json.Nodes;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.Http;
using Berth.ApiServer.Objects;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

/// <summary>POST selfsubjectreviews (<c>kubectl auth whoami</c>): the user the request authenticated as. Nothing is stored.</summary>
public sealed class SelfSubjectReviewHandler(TimeProvider time)
{
    public async Task CreateAsync(HttpContext context, RequestTarget target, QueryOptions query)
    {
        var user = context.Features.Get<UserInfo>() ?? UserInfo.AnonymousUser;
        await BodyDecoder.ReadObjectAsync(context, "k8s.io.api.authentication.v1.SelfSubjectReview");
        var userInfo = new JsonObject { ["username"] = user.Name };
        if (user.Uid.Length > 0)
        {
            userInfo["uid"] = user.Uid;
        }
        userInfo["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)g)]);
        if (user.Extra.Count > 0)
        {
            userInfo["extra"] = new JsonObject(user.Extra.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)new JsonArray([.. e.Value.Select(v => (JsonNode)v)]))));
        }
        await JsonResponse.WriteAsync(context, new JsonObject
        {
            ["kind"] = "SelfSubjectReview",
            ["apiVersion"] = $"authentication.k8s.io/{target.Resource.Version}",
            ["metadata"] = new JsonObject { ["creationTimestamp"] = ObjectMetadata.Timestamp(time.GetUtcNow()) },
            ["status"] = new JsonObject { ["userInfo"] = userInfo },
        }, 201);
    }
}
