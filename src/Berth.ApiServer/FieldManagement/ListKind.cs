namespace Berth.ApiServer.FieldManagement;

/// <summary>How server-side apply treats a list (the OpenAPI x-kubernetes-list-type).</summary>
public enum ListKind
{
    /// <summary>Replaced and owned as a whole.</summary>
    Atomic,

    /// <summary>A set of scalars: each value is owned on its own (<c>v:</c> paths).</summary>
    Set,

    /// <summary>Items identified by their key fields (<c>k:</c> paths), merged and owned field by field.</summary>
    Map,
}
