using Berth.ApiServer.Authentication;
using Berth.ApiServer.Authorization;
using Berth.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Tests.Authorization;

public class ImpersonationTests
{
    private static readonly UserInfo Bob = UserInfo.Authenticated("bob", "", []);

    /// <summary>Allows the impersonations named "resource/name" (or "resource/subresource/name"), and records every question.</summary>
    private sealed class Grants(params string[] allowed) : IAuthorizer
    {
        public List<RequestAttributes> Asked { get; } = [];

        public AuthorizationResult Authorize(RequestAttributes a)
        {
            Asked.Add(a);
            var key = a.Subresource.Length > 0 ? $"{a.Resource}/{a.Subresource}/{a.Name}" : $"{a.Resource}/{a.Name}";
            return a.Verb == "impersonate" && allowed.Contains(key) ? AuthorizationResult.Allow : AuthorizationResult.NoOpinion;
        }
    }

    private static HttpContext Request(params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        foreach (var group in headers.GroupBy(h => h.Name))
        {
            context.Request.Headers[group.Key] = group.Select(h => h.Value).ToArray();
        }
        return context;
    }

    [Fact]
    public void Apply_NoHeaders_IsTheRequester()
    {
        Assert.Same(Bob, new Impersonation(new RequestAuthorizer([new Grants()])).Apply(Request(), Bob));
    }

    [Fact]
    public void Apply_UserAndGroupsAllowed_ActsAsThemPlusAuthenticated()
    {
        var grants = new Grants("users/alice", "groups/dev-team", "userextras/scopes/view", "uids/1234");

        var user = new Impersonation(new RequestAuthorizer([grants])).Apply(
            Request(("Impersonate-User", "alice"), ("Impersonate-Group", "dev-team"), ("Impersonate-Extra-Scopes", "view"), ("Impersonate-Uid", "1234")), Bob);

        Assert.Equal(("alice", "1234"), (user.Name, user.Uid));
        Assert.Equal(["dev-team", "system:authenticated"], user.Groups);
        Assert.Equal(["view"], user.Extra["scopes"]);
        Assert.All(grants.Asked, a => Assert.Equal("bob", a.User.Name));
        Assert.Equal(["", "", "authentication.k8s.io", "authentication.k8s.io"], grants.Asked.Select(a => a.ApiGroup));
    }

    [Fact]
    public void Apply_ServiceAccount_IsCheckedInItsNamespace_AndGetsItsGroups()
    {
        var grants = new Grants("serviceaccounts/app");

        var user = new Impersonation(new RequestAuthorizer([grants])).Apply(Request(("Impersonate-User", "system:serviceaccount:dev:app")), Bob);

        Assert.Equal("dev", grants.Asked.Single().Namespace);
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:dev", "system:authenticated"], user.Groups);
    }

    [Fact]
    public void Apply_AGroupNotAllowed_IsKubes403()
    {
        var impersonation = new Impersonation(new RequestAuthorizer([new Grants("users/alice")]));

        var error = Assert.Throws<ApiException>(() => impersonation.Apply(Request(("Impersonate-User", "alice"), ("Impersonate-Group", "system:masters")), Bob));

        Assert.Equal(403, error.Code);
        Assert.Equal("groups \"system:masters\" is forbidden: User \"bob\" cannot impersonate resource \"groups\" in API group \"\" at the cluster scope", error.Message);
    }

    [Fact]
    public void Apply_GroupsWithoutAUser_IsABadRequest()
    {
        var error = Assert.Throws<ApiException>(() => new Impersonation(new RequestAuthorizer([new Grants("groups/g")])).Apply(Request(("Impersonate-Group", "g")), Bob));

        Assert.Equal(400, error.Code);
    }
}
