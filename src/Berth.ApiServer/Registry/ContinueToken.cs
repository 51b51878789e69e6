using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.ApiServer.Http;

namespace Berth.ApiServer.Registry;

/// <summary>A list continuation: the revision the first page was read at and the last key returned (base64url JSON, opaque to clients).</summary>
public sealed record ContinueToken(long Revision, string StartAfterKey)
{
    public string Encode() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject { ["rv"] = Revision, ["start"] = StartAfterKey }.ToJsonString()))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static ContinueToken Decode(string token, string prefix)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var json = JsonNode.Parse(Convert.FromBase64String(base64))!.AsObject();
            var revision = json["rv"]!.GetValue<long>();
            var start = json["start"]!.GetValue<string>();
            if (revision <= 0 || !start.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new FormatException("the token does not belong to this list");
            }
            return new ContinueToken(revision, start);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException or NullReferenceException)
        {
            throw ApiException.BadRequest($"continue key is not valid: {ex.Message}");
        }
    }
}
