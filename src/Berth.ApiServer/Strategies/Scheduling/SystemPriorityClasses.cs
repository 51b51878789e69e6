using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;

namespace Berth.ApiServer.Strategies.Scheduling;

/// <summary>
/// The PriorityClasses every cluster has (kube's scheduling/v1 SystemPriorityClasses, made by the
/// API server when it starts): names with the <c>system-</c> prefix are reserved for them, and
/// they cannot be deleted.
/// </summary>
public static class SystemPriorityClasses
{
    /// <summary>The highest value a user's PriorityClass may have.</summary>
    public const int HighestUserDefinablePriority = 1_000_000_000;

    /// <summary>The value of system-cluster-critical.</summary>
    public const int SystemCriticalPriority = 2 * HighestUserDefinablePriority;

    public const string Prefix = "system-";

    public static IReadOnlyList<(string Name, int Value, string Description)> All { get; } =
    [
        ("system-node-critical", SystemCriticalPriority + 1000, "Used for system critical pods that must not be moved from their current node."),
        ("system-cluster-critical", SystemCriticalPriority, "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."),
    ];

    /// <summary>Creates the system classes that are missing.</summary>
    public static async Task EnsureAsync(ResourceStore store, CancellationToken cancellationToken)
    {
        var classes = store.Lookup.Resource("scheduling.k8s.io", "v1", "priorityclasses");
        foreach (var (name, value, description) in All)
        {
            try
            {
                var priorityClass = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["name"] = name },
                    ["value"] = value,
                    ["description"] = description,
                };
                await store.CreateAsync(classes, null, priorityClass, WriteOptions.Server, cancellationToken);
            }
            catch (ApiException exists) when (exists.Code == 409)
            {
            }
        }
    }

    /// <summary>Why a <c>system-</c> name with this value and globalDefault is not one of the system classes, or null when it is.</summary>
    public static string? Mismatch(string name, long value, bool globalDefault)
    {
        foreach (var known in All.Where(c => c.Name == name))
        {
            return known.Value != value ? $"value of {name} PriorityClass must be {known.Value}"
                : globalDefault ? $"globalDefault of {name} PriorityClass must be false"
                : null;
        }
        return $"{name} is not a known system priority class";
    }

    public static bool IsSystem(string name) => All.Any(c => c.Name == name);
}
