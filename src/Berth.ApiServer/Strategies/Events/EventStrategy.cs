using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Events;

/// <summary>Events (core/v1 and their events.k8s.io/v1 view): names are path segments (they carry the object's name and a suffix).</summary>
public sealed class EventStrategy : ResourceStrategy
{
    public override IReadOnlyList<string> CheckName(string name) => NameRules.PathSegmentName(name);
}
