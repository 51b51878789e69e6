namespace Berth.ApiServer.Tables;

/// <summary>What each Table row carries in <c>object</c> (the includeObject query parameter).</summary>
public enum IncludeObjectPolicy
{
    /// <summary>No object.</summary>
    None,

    /// <summary>A PartialObjectMetadata with the object's metadata (the default, which kubectl needs for --show-labels and -A).</summary>
    Metadata,

    /// <summary>The whole object.</summary>
    Object,
}
