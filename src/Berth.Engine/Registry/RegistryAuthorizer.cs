using System.Net.Http.Headers;
using System.Text.Json;

namespace Berth.Engine.Registry;

/// <summary>
/// Answers a registry's WWW-Authenticate challenges (distribution token auth spec): Basic with the
/// stored credentials, or Bearer with a token fetched from the challenge's realm for the request's
/// scope, anonymously or with those credentials. Tokens are cached per scope for the client's life.
/// </summary>
internal sealed class RegistryAuthorizer(HttpClient http, RegistryCredentials? credentials)
{
    private readonly Dictionary<string, AuthenticationHeaderValue> _tokens = [];
    private AuthChallenge? _challenge;

    /// <summary>What to send with a request for <paramref name="scope"/>, learnt from earlier challenges.</summary>
    public AuthenticationHeaderValue? HeaderFor(string scope)
    {
        lock (_tokens)
        {
            return _challenge switch
            {
                { IsBasic: true } when credentials is not null => new AuthenticationHeaderValue("Basic", credentials.Encoded),
                { IsBearer: true } => _tokens.GetValueOrDefault(scope),
                _ => null,
            };
        }
    }

    /// <summary>
    /// Takes in a 401's challenge; true when there is something new to retry with (credentials for
    /// Basic, a fresh token for Bearer), false when a retry would fail the same way.
    /// </summary>
    public async Task<bool> AnswerAsync(AuthChallenge challenge, string scope, AuthenticationHeaderValue? sent, CancellationToken cancellationToken)
    {
        lock (_tokens)
        {
            _challenge = challenge;
        }
        if (challenge.IsBasic)
        {
            return credentials is not null && sent is null;
        }
        var wanted = challenge["scope"] ?? scope;
        var token = await FetchTokenAsync(challenge, wanted, cancellationToken);
        lock (_tokens)
        {
            _tokens[scope] = token;
            _tokens[wanted] = token;
        }
        return sent?.Parameter != token.Parameter;
    }

    private async Task<AuthenticationHeaderValue> FetchTokenAsync(AuthChallenge challenge, string scope, CancellationToken cancellationToken)
    {
        var realm = challenge["realm"] ?? throw new BerthException("registry asked for a bearer token without a realm");
        var query = new List<string>();
        if (challenge["service"] is { } service)
        {
            query.Add($"service={Uri.EscapeDataString(service)}");
        }
        query.AddRange(scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => $"scope={Uri.EscapeDataString(s)}"));
        var uri = new UriBuilder(realm) { Query = string.Join('&', query) }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (credentials is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials.Encoded);
        }
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new BerthException($"getting a token from {uri.GetLeftPart(UriPartial.Path)}: {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        try
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
            var token = body.RootElement.TryGetProperty("token", out var t) ? t.GetString()
                : body.RootElement.TryGetProperty("access_token", out var a) ? a.GetString() : null;
            return string.IsNullOrEmpty(token)
                ? throw new BerthException($"token server {uri.Host} returned no token")
                : new AuthenticationHeaderValue("Bearer", token);
        }
        catch (JsonException ex)
        {
            throw new BerthException($"token server {uri.Host} returned invalid JSON: {ex.Message}");
        }
    }
}
