using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.AdmissionControl.PodSecurity;

/// <summary>
/// The policy a namespace's labels set (kube's api.PolicyToEvaluate): pod-security.kubernetes.io/
/// enforce, audit and warn with their -version, privileged:latest when unset; an invalid level
/// counts as restricted (fail closed) and an invalid version as latest, each reported as an error;
/// warn follows an explicitly stricter enforce when it is not set itself.
/// </summary>
public sealed record NamespacePolicy(LevelVersion Enforce, LevelVersion Audit, LevelVersion Warn, IReadOnlyList<FieldCause> Errors)
{
    public const string LabelPrefix = "pod-security.kubernetes.io/";

    public bool IsPrivileged => Enforce.Level == PodSecurityLevel.Privileged && Audit.Level == PodSecurityLevel.Privileged && Warn.Level == PodSecurityLevel.Privileged;

    public static NamespacePolicy FromLabels(JsonObject? labels)
    {
        var errors = new List<FieldCause>();
        var (enforce, enforceLevelSet) = Mode(labels, "enforce", errors);
        var (audit, _) = Mode(labels, "audit", errors);
        var (warn, _) = Mode(labels, "warn", errors);
        if (labels?.Str(LabelPrefix + "warn") is null && enforceLevelSet && enforce.Level > warn.Level)
        {
            warn = new LevelVersion(enforce.Level, labels?.Str(LabelPrefix + "warn-version") is null ? enforce.Minor : warn.Minor);
        }
        return new NamespacePolicy(enforce, audit, warn, errors);
    }

    private static (LevelVersion Mode, bool LevelSet) Mode(JsonObject? labels, string mode, List<FieldCause> errors)
    {
        var level = PodSecurityLevel.Privileged;
        int? minor = null;
        var levelSet = false;
        if (labels?.Str(LabelPrefix + mode) is { } levelText)
        {
            levelSet = LevelVersion.TryParseLevel(levelText, out level);
            if (!levelSet)
            {
                level = PodSecurityLevel.Restricted;
                errors.Add(Invalid(mode, levelText, "must be one of privileged, baseline, restricted"));
            }
        }
        if (labels?.Str(LabelPrefix + mode + "-version") is { } versionText && !LevelVersion.TryParseVersion(versionText, out minor))
        {
            minor = null;
            errors.Add(Invalid(mode + "-version", versionText, "must be \"latest\" or \"v1.x\""));
        }
        return (new LevelVersion(level, minor), levelSet);
    }

    private static FieldCause Invalid(string label, string value, string why) =>
        new($"metadata.labels[{LabelPrefix}{label}]", "FieldValueInvalid", $"Invalid value: \"{value}\": {why}");
}
