namespace Berth.ApiServer.Tables;

/// <summary>Per-request choices of a Table response.</summary>
public sealed record TableOptions
{
    /// <summary>What each row's <c>object</c> holds.</summary>
    public IncludeObjectPolicy IncludeObject { get; init; } = IncludeObjectPolicy.Metadata;

    /// <summary>Leaves columnDefinitions out, as watch events after the first do.</summary>
    public bool OmitColumnDefinitions { get; init; }

    /// <summary>The list's resourceVersion, copied into the Table's metadata.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>The continue token of a paged list.</summary>
    public string? Continue { get; init; }

    /// <summary>The remainingItemCount of a paged list.</summary>
    public long? RemainingItemCount { get; init; }

    /// <summary>Parses the includeObject query value (None, Metadata, Object); null when it is not one of them.</summary>
    public static IncludeObjectPolicy? ParseIncludeObject(string? value) => value switch
    {
        null or "" or "Metadata" => IncludeObjectPolicy.Metadata,
        "None" => IncludeObjectPolicy.None,
        "Object" => IncludeObjectPolicy.Object,
        _ => null,
    };
}
