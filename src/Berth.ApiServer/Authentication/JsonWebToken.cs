using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.ApiServer.Objects;

namespace Berth.ApiServer.Authentication;

/// <summary>Compact JWS tokens signed RS256 (RFC 7515/7519): the form of ServiceAccount tokens.</summary>
public static class JsonWebToken
{
    public static string Sign(JsonObject claims, ServiceAccountKey key)
    {
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = key.KeyId };
        var signingInput = $"{Encode(header)}.{Encode(claims)}";
        var signature = key.Rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>The claims of a token whose RS256 signature <paramref name="key"/> made, or null (not a JWT, another key, tampered).</summary>
    public static JsonObject? Verify(string token, ServiceAccountKey key)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }
        try
        {
            if (Decode(parts[0]) is not { } header || header["alg"]?.GetValue<string>() != "RS256")
            {
                return null;
            }
            var signature = Base64Url.DecodeFromChars(parts[2]);
            var signingInput = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
            return key.Rsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1) ? Decode(parts[1]) : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Encode(JsonObject part) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(part, ObjectJsonContext.Default.JsonObject));

    private static JsonObject? Decode(string part) => JsonNode.Parse(Base64Url.DecodeFromChars(part)) as JsonObject;
}
