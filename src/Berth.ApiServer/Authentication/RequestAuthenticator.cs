using Berth.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Authentication;

/// <summary>
/// kube-apiserver's authenticator chain: a client certificate of the cluster CA, else a bearer
/// token one of the token authenticators accepts, else (no credentials at all) the anonymous user
/// when anonymous requests are on. Credentials presented and refused are a 401, never anonymous.
/// </summary>
public sealed class RequestAuthenticator(ClientCertificateAuthenticator certificates, IReadOnlyList<ITokenAuthenticator> tokens, bool anonymous)
{
    public UserInfo Authenticate(HttpContext context)
    {
        var certificate = context.Connection.ClientCertificate;
        var header = context.Request.Headers.Authorization.ToString();
        var user = certificate is null ? null : certificates.Authenticate(certificate);
        if (user is null && header.Length > 0)
        {
            user = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header["Bearer ".Length..].Trim() is { Length: > 0 } token
                ? FromToken(token)
                : null;
        }
        if (user is not null)
        {
            return user;
        }
        return anonymous && certificate is null && header.Length == 0 ? UserInfo.AnonymousUser : throw ApiException.Unauthorized();
    }

    /// <summary>The first token authenticator's user (a plain loop: this runs on every request).</summary>
    private UserInfo? FromToken(string token)
    {
        foreach (var authenticator in tokens)
        {
            if (authenticator.Authenticate(token) is { } user)
            {
                return user;
            }
        }
        return null;
    }
}
