namespace Berth.ApiServer.Authorization;

/// <summary>One authorizer of the chain (privileged groups, Node, RBAC, …), as kube's authorizer.Authorizer.</summary>
public interface IAuthorizer
{
    AuthorizationResult Authorize(RequestAttributes attributes);
}
