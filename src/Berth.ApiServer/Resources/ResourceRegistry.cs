namespace Berth.ApiServer.Resources;

/// <summary>Looks resources up by group, version and plural name; groups them for discovery.</summary>
public sealed class ResourceRegistry
{
    private readonly Dictionary<(string Group, string Version, string Name), ResourceDefinition> _byName;

    public ResourceRegistry(IEnumerable<ResourceDefinition> resources)
    {
        Resources = resources.ToList();
        _byName = Resources.ToDictionary(r => (r.Group, r.Version, r.Name));
        GroupVersions = Resources.Select(r => (r.Group, r.Version)).Distinct().ToList();
    }

    public IReadOnlyList<ResourceDefinition> Resources { get; }

    /// <summary>Every (group, version) served, core first, in registration order.</summary>
    public IReadOnlyList<(string Group, string Version)> GroupVersions { get; }

    public ResourceDefinition? Find(string group, string version, string name) =>
        _byName.GetValueOrDefault((group, version, name));

    public ResourceDefinition? FindByKind(string group, string kind) =>
        Resources.FirstOrDefault(r => r.Group == group && r.Kind == kind);

    public IEnumerable<ResourceDefinition> InGroupVersion(string group, string version) =>
        Resources.Where(r => r.Group == group && r.Version == version);

    public bool ServesGroupVersion(string group, string version) => GroupVersions.Contains((group, version));
}
