namespace Berth.ApiServer.Authentication;

/// <summary>One way a bearer token can prove who presents it (static tokens, ServiceAccount JWTs).</summary>
public interface ITokenAuthenticator
{
    /// <summary>The user the token belongs to, or null when this authenticator does not accept it.</summary>
    UserInfo? Authenticate(string token);
}
