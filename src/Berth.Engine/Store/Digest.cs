using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Berth.Engine.Store;

/// <summary>A content digest "sha256:&lt;64 hex&gt;" (OCI image-spec §descriptor digests); only sha256 is supported.</summary>
public readonly partial record struct Digest
{
    private Digest(string hex) => Hex = hex;

    /// <summary>The 64 lowercase hex characters.</summary>
    public string Hex { get; }

    /// <summary>The first 12 hex characters, as image ids are shown.</summary>
    public string Short => Hex[..12];

    public override string ToString() => $"sha256:{Hex}";

    public static Digest FromHex(string hex) =>
        HexPattern().IsMatch(hex) ? new Digest(hex) : throw new FormatException($"invalid sha256 hex: {hex}");

    /// <summary>Reads a file name that should be 64 hex characters; false for anything else.</summary>
    public static bool TryFromHex(string? hex, out Digest digest) => TryParse($"sha256:{hex}", out digest);

    public static Digest Parse(string text) =>
        TryParse(text, out var digest) ? digest : throw new FormatException($"invalid digest: {text}");

    public static bool TryParse(string? text, out Digest digest)
    {
        digest = default;
        if (text is null || !text.StartsWith("sha256:", StringComparison.Ordinal) || !HexPattern().IsMatch(text[7..]))
        {
            return false;
        }
        digest = new Digest(text[7..]);
        return true;
    }

    public static Digest Of(ReadOnlySpan<byte> content) => FromHash(SHA256.HashData(content));

    public static Digest FromHash(byte[] sha256) => new(Convert.ToHexStringLower(sha256));

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex HexPattern();
}
