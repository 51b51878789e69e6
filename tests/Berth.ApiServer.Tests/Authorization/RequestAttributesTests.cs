using Berth.ApiServer.Authentication;
using Berth.ApiServer.Authorization;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Tests.Authorization;

public class RequestAttributesTests
{
    private static RequestAttributes Of(string method, string pathAndQuery)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        var parts = pathAndQuery.Split('?', 2);
        context.Request.Path = parts[0];
        context.Request.QueryString = parts.Length > 1 ? new QueryString("?" + parts[1]) : QueryString.Empty;
        return RequestAttributes.From(context, UserInfo.AnonymousUser);
    }

    [Theory]
    [InlineData("GET", "/api/v1/namespaces/dev/pods", "list", "", "dev", "pods", "", "")]
    [InlineData("GET", "/api/v1/namespaces/dev/pods?watch=true", "watch", "", "dev", "pods", "", "")]
    [InlineData("GET", "/api/v1/watch/namespaces/dev/pods", "watch", "", "dev", "pods", "", "")]
    [InlineData("GET", "/api/v1/namespaces/dev/pods?fieldSelector=metadata.name%3Dp", "list", "", "dev", "pods", "", "p")]
    [InlineData("GET", "/api/v1/namespaces/dev/pods/p/log", "get", "", "dev", "pods", "log", "p")]
    [InlineData("DELETE", "/api/v1/namespaces/dev/pods", "deletecollection", "", "dev", "pods", "", "")]
    [InlineData("PATCH", "/apis/apps/v1/namespaces/dev/deployments/web/scale", "patch", "apps", "dev", "deployments", "scale", "web")]
    [InlineData("GET", "/api/v1/namespaces/dev", "get", "", "dev", "namespaces", "", "dev")]
    [InlineData("PUT", "/api/v1/namespaces/dev/finalize", "update", "", "dev", "namespaces", "finalize", "dev")]
    [InlineData("GET", "/api/v1/nodes", "list", "", "", "nodes", "", "")]
    [InlineData("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", "create", "authentication.k8s.io", "", "selfsubjectreviews", "", "")]
    public void From_ResourceUrls_AsKubesRequestInfo(string method, string url, string verb, string group, string ns, string resource, string subresource, string name)
    {
        var a = Of(method, url);

        Assert.True(a.IsResourceRequest);
        Assert.Equal((verb, group, ns, resource, subresource, name), (a.Verb, a.ApiGroup, a.Namespace, a.Resource, a.Subresource, a.Name));
    }

    [Theory]
    [InlineData("GET", "/healthz", "get")]
    [InlineData("GET", "/api", "get")]
    [InlineData("GET", "/api/v1", "get")]
    [InlineData("GET", "/apis/apps/v1", "get")]
    [InlineData("POST", "/openapi/v3", "post")]
    public void From_OtherUrls_AreNonResourceRequests(string method, string url, string verb)
    {
        var a = Of(method, url);

        Assert.False(a.IsResourceRequest);
        Assert.Equal((verb, url), (a.Verb, a.Path));
    }

    [Theory]
    [InlineData("GET", "/api/v1/namespaces/prod/pods", "pods is forbidden: User \"system:anonymous\" cannot list resource \"pods\" in API group \"\" in the namespace \"prod\"")]
    [InlineData("GET", "/api/v1/nodes/n1", "nodes \"n1\" is forbidden: User \"system:anonymous\" cannot get resource \"nodes\" in API group \"\" at the cluster scope")]
    [InlineData("GET", "/api/v1/namespaces/prod/pods/p/log", "pods \"p\" is forbidden: User \"system:anonymous\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"prod\"")]
    [InlineData("POST", "/apis/apps/v1/namespaces/prod/deployments", "deployments.apps is forbidden: User \"system:anonymous\" cannot create resource \"deployments\" in API group \"apps\" in the namespace \"prod\"")]
    [InlineData("GET", "/metrics", "forbidden: User \"system:anonymous\" cannot get path \"/metrics\"")]
    public void ForbiddenMessage_WordedAsKube(string method, string url, string message)
    {
        var error = ForbiddenMessage.For(Of(method, url));

        Assert.Equal((403, "Forbidden", message), (error.Code, error.Reason, error.Message));
    }
}
