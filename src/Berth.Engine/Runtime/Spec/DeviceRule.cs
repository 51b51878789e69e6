namespace Berth.Engine.Runtime.Spec;

/// <summary>config-linux §device allowlist entry.</summary>
public sealed record DeviceRule(bool Allow, string Access, string? Type = null, long? Major = null, long? Minor = null);
