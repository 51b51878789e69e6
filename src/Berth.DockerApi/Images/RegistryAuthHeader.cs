using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Registry;

namespace Berth.DockerApi.Images;

/// <summary>
/// The X-Registry-Auth header of pull, push and search: base64url of a JSON AuthConfig ({"username", "password"} or
/// {"auth": base64("user:pass")}, or an "identitytoken"). Empty, "{}" or without a user it means no credentials (the
/// auth file's are used then); anything undecodable is a 400, as dockerd answers.
/// </summary>
public static class RegistryAuthHeader
{
    public const string Name = "X-Registry-Auth";

    public static RegistryCredentials? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }
        JsonObject config;
        try
        {
            var base64 = header.Trim().Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            config = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64))) as JsonObject
                ?? throw new InvalidArgumentException($"invalid {Name} header: not a JSON object");
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw new InvalidArgumentException($"invalid {Name} header: {e.Message}");
        }
        if (Text(config, "identitytoken") is { Length: > 0 } token)
        {
            // Docker's convention for a token in place of a password: the user "<token>".
            return new RegistryCredentials("<token>", token);
        }
        if (Text(config, "username") is { Length: > 0 } user)
        {
            return new RegistryCredentials(user, Text(config, "password") ?? "");
        }
        return RegistryCredentials.Decode(Text(config, "auth"));
    }

    private static string? Text(JsonObject config, string name) => config[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
