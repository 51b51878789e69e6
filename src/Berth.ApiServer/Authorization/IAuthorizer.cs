namespace Berth.ApiServer.Authorization;

/// <summary>One authorizer of the chain (privileged groups, RBAC, …), as kube's authorizer.Authorizer.</summary>
public interface IAuthorizer
{
    AuthorizationDecision Authorize(RequestAttributes attributes);
}
