using System.Text;

namespace Berth.Engine.Registry;

/// <summary>A user name and password (or identity token) for one registry.</summary>
public sealed record RegistryCredentials(string Username, string Password)
{
    /// <summary>base64("user:pass"), the "auth" value of a docker config.json entry and of HTTP Basic.</summary>
    public string Encoded => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    public static RegistryCredentials? Decode(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded))
        {
            return null;
        }
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return null;
        }
        var colon = text.IndexOf(':');
        return colon > 0 ? new RegistryCredentials(text[..colon], text[(colon + 1)..]) : null;
    }
}
