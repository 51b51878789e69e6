using Berth.ApiServer.Authentication;

namespace Berth.ApiServer.Authorization;

/// <summary>Members of system:masters may do anything, before and whatever RBAC says (kube's privileged-group authorizer).</summary>
public sealed class PrivilegedGroupAuthorizer : IAuthorizer
{
    public AuthorizationResult Authorize(RequestAttributes attributes) =>
        attributes.User.InGroup(UserInfo.PrivilegedGroup) ? AuthorizationResult.Allow : AuthorizationResult.NoOpinion;
}
