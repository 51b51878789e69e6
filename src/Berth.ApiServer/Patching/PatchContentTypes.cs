namespace Berth.ApiServer.Patching;

/// <summary>The patch media types of the Kubernetes API.</summary>
public static class PatchContentTypes
{
    /// <summary>RFC 6902 JSON Patch.</summary>
    public const string JsonPatch = "application/json-patch+json";

    /// <summary>RFC 7386 JSON Merge Patch.</summary>
    public const string MergePatch = "application/merge-patch+json";

    /// <summary>Kubernetes strategic merge patch.</summary>
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";

    /// <summary>Server-side apply (../FieldManagement).</summary>
    public const string ApplyPatch = "application/apply-patch+yaml";

    /// <summary>All patch types, in the order Kubernetes lists them in its 415 message.</summary>
    public static readonly IReadOnlyList<string> All = [JsonPatch, MergePatch, ApplyPatch, StrategicMergePatch];
}
