namespace Berth.ApiServer.Authorization;

/// <summary>An authorizer's answer: allow, deny (stop the chain), or no opinion (ask the next one).</summary>
public enum AuthorizationDecision
{
    NoOpinion,
    Allow,
    Deny,
}

/// <summary>
/// A decision and, when it is not an Allow, why (kube's authorizer reason): the chain's reasons end the
/// 403's message, as in <c>... in the namespace "default": no relationship found between node 'n1' and this object</c>.
/// </summary>
public readonly record struct AuthorizationResult(AuthorizationDecision Decision, string Reason = "")
{
    public static AuthorizationResult Allow { get; } = new(AuthorizationDecision.Allow);

    public static AuthorizationResult NoOpinion { get; } = new(AuthorizationDecision.NoOpinion);
}
