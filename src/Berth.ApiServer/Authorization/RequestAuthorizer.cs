namespace Berth.ApiServer.Authorization;

/// <summary>The authorizer chain: the first Allow or Deny wins; nobody's opinion is a 403 (<see cref="ForbiddenMessage"/>).</summary>
public sealed class RequestAuthorizer(IReadOnlyList<IAuthorizer> authorizers)
{
    public bool Allows(RequestAttributes attributes)
    {
        foreach (var authorizer in authorizers)
        {
            switch (authorizer.Authorize(attributes))
            {
                case AuthorizationDecision.Allow:
                    return true;
                case AuthorizationDecision.Deny:
                    return false;
            }
        }
        return false;
    }

    public void Require(RequestAttributes attributes)
    {
        if (!Allows(attributes))
        {
            throw ForbiddenMessage.For(attributes);
        }
    }
}
