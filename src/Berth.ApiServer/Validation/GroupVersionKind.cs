namespace Berth.ApiServer.Validation;

/// <summary>Identifies a Kubernetes kind; the core group is the empty string.</summary>
public readonly record struct GroupVersionKind(string Group, string Version, string Kind)
{
    /// <summary>The apiVersion as written in manifests: "v1" or "apps/v1".</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Builds a GroupVersionKind from a manifest's apiVersion and kind.</summary>
    public static GroupVersionKind FromApiVersion(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/');
        return slash < 0
            ? new GroupVersionKind("", apiVersion, kind)
            : new GroupVersionKind(apiVersion[..slash], apiVersion[(slash + 1)..], kind);
    }

    public override string ToString() => $"{ApiVersion}, Kind={Kind}";
}
