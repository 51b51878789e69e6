using k8s.Models;

namespace Berth.Scheduler.Framework;

/// <summary>Integer values of quantities as apimachinery rounds them (up): milli-units for CPU, units otherwise.</summary>
public static class Quantities
{
    public static long MilliValue(ResourceQuantity quantity) => Round(quantity.ToDecimal() * 1000m);

    public static long Value(ResourceQuantity quantity) => Round(quantity.ToDecimal());

    /// <summary>CPU in milli-cores, anything else in units.</summary>
    public static long For(string resource, ResourceQuantity quantity) =>
        resource == ResourceNames.Cpu ? MilliValue(quantity) : Value(quantity);

    private static long Round(decimal value) => value >= long.MaxValue ? long.MaxValue : (long)decimal.Ceiling(value);
}
