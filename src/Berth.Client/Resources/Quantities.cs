using k8s.Models;

namespace Berth.Client.Resources;

/// <summary>Integer values of quantities as apimachinery rounds them (up): milli-units for CPU, units otherwise.</summary>
public static class Quantities
{
    public static long MilliValue(ResourceQuantity quantity) => Round(quantity.ToDecimal() * 1000m);

    public static long Value(ResourceQuantity quantity) => Round(quantity.ToDecimal());

    /// <summary>CPU in milli-cores, anything else in units.</summary>
    public static long For(string resource, ResourceQuantity quantity) =>
        resource == "cpu" ? MilliValue(quantity) : Value(quantity);

    /// <summary>The exact sum, in the first quantity's format (resource.Quantity's Add).</summary>
    public static ResourceQuantity Sum(ResourceQuantity a, ResourceQuantity b) => new(a.ToDecimal() + b.ToDecimal(), 0, a.Format);

    private static long Round(decimal value) => value >= long.MaxValue ? long.MaxValue : (long)decimal.Ceiling(value);
}
