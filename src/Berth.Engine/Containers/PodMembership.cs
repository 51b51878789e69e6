namespace Berth.Engine.Containers;

/// <summary>
/// The engine pod a container belongs to (`--pod`). <paramref name="InfraId"/> names the pod's infra container, which
/// holds the network namespace its members join and must run before they start; null on the infra container itself.
/// </summary>
public sealed record PodMembership(string PodId, string? InfraId)
{
    public bool IsInfra => InfraId is null;
}
