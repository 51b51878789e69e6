namespace Berth.ApiServer.Resources;

/// <summary>A subresource as discovery lists it: its name, the kind it answers with, and its verbs.</summary>
/// <param name="Group">The response kind's group when it differs from the resource's (Scale: autoscaling), else null.</param>
public sealed record Subresource(string Name, string Kind, IReadOnlyList<string> Verbs, string? Group = null, string? Version = null);
