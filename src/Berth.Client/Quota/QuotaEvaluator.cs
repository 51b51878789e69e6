using System.Text.Json.Nodes;
using k8s.Models;

namespace Berth.Client.Quota;

/// <summary>
/// What quota knows of one resource (kube's quota.Evaluator): which quota names its objects use,
/// whether a quota's scopes take an object in, what an object must state for a quota to count it
/// (Constraints), and what it uses. Objects are the resource's k8s.Models type, read from JSON by <see cref="Read"/>.
/// </summary>
public abstract class QuotaEvaluator(string group, string resource)
{
    public string Group => group;

    public string Resource => resource;

    /// <summary>Whether an update can change what an object uses (creates always can).</summary>
    public abstract bool HandlesUpdates { get; }

    /// <summary>Whether a quota entry of this name counts objects of this resource.</summary>
    public abstract bool Tracks(string name);

    /// <summary>The object in the form the evaluator reads.</summary>
    public abstract object Read(JsonObject obj);

    /// <summary>What the object uses, by quota name.</summary>
    public abstract Dictionary<string, ResourceQuantity> Usage(object item, DateTimeOffset now);

    public List<string> MatchingResources(IEnumerable<string> names) => [.. names.Where(Tracks)];

    /// <summary>A quota with these limits counts the object: it limits something of this resource and every scope takes the object in.</summary>
    public bool Matches(V1ResourceQuota quota, IEnumerable<string> hardNames, object item) =>
        MatchingResources(hardNames).Count > 0 && QuotaScopes.Of(quota).All(scope => MatchesScope(scope, item));

    /// <summary>Only pods know scopes: a scoped quota counts nothing else.</summary>
    public virtual bool MatchesScope(V1ScopedResourceSelectorRequirement scope, object item) => false;

    /// <summary>Why the object cannot be counted against these names (e.g. a container without a cpu request), or null.</summary>
    public virtual string? Constraints(IReadOnlyCollection<string> required, object item) => null;

    protected static Dictionary<string, ResourceQuantity> One(params string[] names)
    {
        var usage = ResourceUsage.Empty();
        foreach (var name in names)
        {
            usage[name] = new ResourceQuantity("1");
        }
        return usage;
    }
}
