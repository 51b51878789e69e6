using Berth.Client.Rest;
using Berth.Client.Serialization;

namespace Berth.Client.Discovery;

/// <summary>One top-level resource the API serves (no subresources), as discovery lists it.</summary>
public sealed record DiscoveredResource(string Group, string Version, string Plural, string Kind, bool Namespaced, IReadOnlySet<string> Verbs)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>group/resource as kube prints it: <c>deployments.apps</c>, <c>pods</c>.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public bool Supports(params string[] verbs) => verbs.All(Verbs.Contains);

    /// <summary>The resource read for its objects' metadata only.</summary>
    public ApiResource<ObjectMetadataOnly, ObjectMetadataOnlyList> Metadata() => KubeResources.MetadataOf(Group, Version, Plural, Kind, Namespaced);

    public override string ToString() => $"{ApiVersion}, Resource={Plural}";
}
