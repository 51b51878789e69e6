namespace Berth.ApiServer.Authorization;

/// <summary>An authorizer's answer: allow, deny (stop the chain), or no opinion (ask the next one).</summary>
public enum AuthorizationDecision
{
    NoOpinion,
    Allow,
    Deny,
}
