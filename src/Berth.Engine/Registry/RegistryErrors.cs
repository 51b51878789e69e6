using System.Net;
using System.Text.Json;

namespace Berth.Engine.Registry;

/// <summary>Turns a registry's error responses (distribution spec §error codes) into one-line messages.</summary>
internal static class RegistryErrors
{
    /// <summary>"CONTEXT: CODE: message", from the first entry of the body's "errors", else the HTTP status.</summary>
    public static async Task<BerthException> FromResponseAsync(HttpResponseMessage response, string context, CancellationToken cancellationToken)
    {
        var detail = await ReadErrorAsync(response, cancellationToken) ?? response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => "unauthorized: authentication required",
            HttpStatusCode.Forbidden => "denied: requested access to the resource is denied",
            HttpStatusCode.NotFound => "not found",
            _ => $"{(int)response.StatusCode} {response.ReasonPhrase}",
        };
        return new BerthException($"{context}: {detail}");
    }

    private static async Task<string?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("errors", out var errors) ||
                errors.ValueKind != JsonValueKind.Array || errors.GetArrayLength() == 0)
            {
                return null;
            }
            var first = errors[0];
            var code = first.TryGetProperty("code", out var c) ? c.GetString()?.ToLowerInvariant().Replace('_', ' ') : null;
            var message = first.TryGetProperty("message", out var m) ? m.GetString() : null;
            return (code, message) switch
            {
                (not null, not null) when !message.Equals(code, StringComparison.OrdinalIgnoreCase) => $"{code}: {message}",
                (not null, _) => code,
                (_, not null) => message,
                _ => null,
            };
        }
        catch (Exception ex) when (ex is JsonException or HttpRequestException or IOException)
        {
            return null;
        }
    }
}
