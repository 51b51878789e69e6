namespace Berth.ApiServer.Authorization;

/// <summary>
/// Allows what <see cref="BootstrapPolicy"/> grants a user's groups. Until RBAC objects are
/// enforced this is the whole policy for users outside system:masters.
/// </summary>
public sealed class BootstrapPolicyAuthorizer : IAuthorizer
{
    public AuthorizationDecision Authorize(RequestAttributes attributes) =>
        BootstrapPolicy.GroupBindings.Any(b => attributes.User.InGroup(b.Group) && b.Rules.Any(r => r.Allows(attributes)))
            ? AuthorizationDecision.Allow
            : AuthorizationDecision.NoOpinion;
}
