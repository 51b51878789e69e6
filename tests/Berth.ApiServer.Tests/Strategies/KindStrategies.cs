using Berth.ApiServer.Resources;
using Berth.ApiServer.Strategies;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tests.Strategies;

/// <summary>The strategy the built-in rows name for a kind.</summary>
public static class KindStrategies
{
    private static readonly ResourceRegistry s_registry = new(BuiltInResources.Create());

    public static ResourceStrategy For(GroupVersionKind gvk) =>
        s_registry.FindByKind(gvk.Group, gvk.Kind)?.Strategy ?? throw new ArgumentException($"no resource serves {gvk}");
}
