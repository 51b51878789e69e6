namespace Berth.ApiServer.Authorization;

/// <summary>
/// The authorizer chain (kube's union authorizer): the first Allow or Deny wins; nobody's opinion is a 403
/// (<see cref="ForbiddenMessage"/>) whose message ends with the reasons the authorizers gave.
/// </summary>
public sealed class RequestAuthorizer(IReadOnlyList<IAuthorizer> authorizers)
{
    public bool Allows(RequestAttributes attributes) => Decide(attributes).Decision == AuthorizationDecision.Allow;

    public void Require(RequestAttributes attributes)
    {
        var result = Decide(attributes);
        if (result.Decision != AuthorizationDecision.Allow)
        {
            throw ForbiddenMessage.For(attributes, result.Reason);
        }
    }

    /// <summary>The first Allow or Deny; otherwise no opinion, with every reason given, one a line as kube joins them.</summary>
    public AuthorizationResult Decide(RequestAttributes attributes)
    {
        List<string>? reasons = null;
        foreach (var authorizer in authorizers)
        {
            var result = authorizer.Authorize(attributes);
            if (result.Decision != AuthorizationDecision.NoOpinion)
            {
                return result;
            }
            if (result.Reason.Length > 0)
            {
                (reasons ??= []).Add(result.Reason);
            }
        }
        return new AuthorizationResult(AuthorizationDecision.NoOpinion, reasons is null ? "" : string.Join('\n', reasons));
    }
}
