using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.ApiServer.AdmissionControl.PodSecurity;

/// <summary>
/// A level of the Pod Security Standards at a version (kube's api.LevelVersion): "restricted:latest",
/// "baseline:v1.25". Versions newer than the newest Berth knows (<see cref="NewestMinor"/>) are checked as it.
/// </summary>
public readonly partial record struct LevelVersion(PodSecurityLevel Level, int? Minor)
{
    /// <summary>The newest version whose checks are implemented (v1.32).</summary>
    public const int NewestMinor = 32;

    public static LevelVersion PrivilegedLatest { get; } = new(PodSecurityLevel.Privileged, null);

    /// <summary>The version the checks run at: latest is the newest.</summary>
    public int CheckedMinor => Minor is { } minor && minor < NewestMinor ? minor : NewestMinor;

    public override string ToString() => $"{LevelName(Level)}:{(Minor is { } minor ? $"v1.{minor}" : "latest")}";

    public static string LevelName(PodSecurityLevel level) => level.ToString().ToLowerInvariant();

    public static bool TryParseLevel(string value, out PodSecurityLevel level)
    {
        level = value switch
        {
            "privileged" => PodSecurityLevel.Privileged,
            "baseline" => PodSecurityLevel.Baseline,
            "restricted" => PodSecurityLevel.Restricted,
            _ => (PodSecurityLevel)(-1),
        };
        return level >= PodSecurityLevel.Privileged;
    }

    /// <summary>"latest" (null) or "v1.N".</summary>
    public static bool TryParseVersion(string value, out int? minor)
    {
        minor = null;
        if (value == "latest")
        {
            return true;
        }
        var match = VersionPattern().Match(value);
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }
        minor = parsed;
        return true;
    }

    [GeneratedRegex(@"^v1\.(0|[1-9][0-9]*)$")]
    private static partial Regex VersionPattern();
}
