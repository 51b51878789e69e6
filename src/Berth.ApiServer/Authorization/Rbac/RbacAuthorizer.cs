namespace Berth.ApiServer.Authorization.Rbac;

/// <summary>kube's RBAC authorizer: allows what a rule of a role bound to the user (or one of its groups) allows; never denies.</summary>
public sealed class RbacAuthorizer(RbacPolicy policy) : IAuthorizer
{
    public AuthorizationResult Authorize(RequestAttributes attributes) =>
        policy.Current.Allows(attributes) ? AuthorizationResult.Allow : AuthorizationResult.NoOpinion;
}
