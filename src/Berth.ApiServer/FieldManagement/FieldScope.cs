namespace Berth.ApiServer.FieldManagement;

/// <summary>Which fields of an object a write can own: status belongs to the status subresource.</summary>
public enum FieldScope
{
    /// <summary>Every field (kinds without a status subresource).</summary>
    All,

    /// <summary>Everything but status.</summary>
    Main,

    /// <summary>Everything but status and spec (a namespace's spec changes only through finalize).</summary>
    MainWithoutSpec,

    /// <summary>Only status.</summary>
    Status,
}
