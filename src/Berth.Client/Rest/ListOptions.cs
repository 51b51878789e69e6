namespace Berth.Client.Rest;

/// <summary>Query options of a list or watch.</summary>
public sealed record ListOptions
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    public string? ResourceVersion { get; init; }

    public int? Limit { get; init; }

    public string? Continue { get; init; }

    /// <summary>Watches only: the server ends the watch after this long (the client then watches again).</summary>
    public int? TimeoutSeconds { get; init; }

    internal IEnumerable<(string Name, string Value)> Query()
    {
        if (LabelSelector is { Length: > 0 } labels)
        {
            yield return ("labelSelector", labels);
        }
        if (FieldSelector is { Length: > 0 } fields)
        {
            yield return ("fieldSelector", fields);
        }
        if (ResourceVersion is { } rv)
        {
            yield return ("resourceVersion", rv);
        }
        if (Limit is { } limit)
        {
            yield return ("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (Continue is { } next)
        {
            yield return ("continue", next);
        }
        if (TimeoutSeconds is { } timeout)
        {
            yield return ("timeoutSeconds", timeout.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
