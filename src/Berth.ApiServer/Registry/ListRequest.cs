using Berth.ApiServer.Selectors;
using Berth.Client.Selectors;

namespace Berth.ApiServer.Registry;

/// <summary>The list options of a request (metav1.ListOptions).</summary>
public sealed record ListRequest(
    LabelSelector Labels,
    FieldSelector Fields,
    int Limit = 0,
    string? Continue = null,
    string? ResourceVersion = null,
    string? ResourceVersionMatch = null);
