namespace Berth.Engine.Registry;

/// <summary>An "os/arch[/variant]" platform, as --platform takes it; linux/amd64 unless asked otherwise.</summary>
public sealed record PlatformSpec(string Os, string Architecture, string? Variant = null)
{
    public static PlatformSpec Default { get; } = new("linux", "amd64");

    public static PlatformSpec Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new BerthException($"invalid platform {text}: want os/arch or os/arch/variant");
        }
        return new PlatformSpec(parts[0], parts[1], parts.Length == 3 ? parts[2] : null);
    }

    /// <summary>Whether an index entry's platform is this one; a variant only narrows when one was asked for.</summary>
    public bool Matches(string? os, string? architecture, string? variant) =>
        os == Os && architecture == Architecture && (Variant is null || variant == Variant);

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
