using Berth.Client.Resources;
using k8s.Models;

namespace Berth.Client.Quota;

/// <summary>
/// Resource lists (name to quantity) as kube's quota helpers combine them (pkg/quota/v1): sums,
/// differences, masks, comparisons, and the "name=value" form of its messages.
/// </summary>
public static class ResourceUsage
{
    public static Dictionary<string, ResourceQuantity> Empty() => new(StringComparer.Ordinal);

    /// <summary>a + b, names of either.</summary>
    public static Dictionary<string, ResourceQuantity> Add(IDictionary<string, ResourceQuantity>? a, IDictionary<string, ResourceQuantity>? b)
    {
        var sum = Copy(a);
        foreach (var (name, quantity) in b ?? Empty())
        {
            sum[name] = sum.TryGetValue(name, out var current) ? Quantities.Sum(current, quantity) : quantity;
        }
        return sum;
    }

    /// <summary>a - b, never below zero (quota.SubtractWithNonNegativeResult).</summary>
    public static Dictionary<string, ResourceQuantity> SubtractNonNegative(IDictionary<string, ResourceQuantity> a, IDictionary<string, ResourceQuantity> b)
    {
        var result = Empty();
        foreach (var (name, quantity) in a)
        {
            var value = quantity.ToDecimal() - (b.TryGetValue(name, out var other) ? other.ToDecimal() : 0m);
            result[name] = new ResourceQuantity(Math.Max(value, 0m), 0, quantity.Format);
        }
        return result;
    }

    /// <summary>Only the entries named.</summary>
    public static Dictionary<string, ResourceQuantity> Mask(IDictionary<string, ResourceQuantity>? list, IEnumerable<string> names)
    {
        var result = Empty();
        foreach (var name in names)
        {
            if (list is not null && list.TryGetValue(name, out var quantity))
            {
                result[name] = quantity;
            }
        }
        return result;
    }

    public static Dictionary<string, ResourceQuantity> RemoveZeros(IDictionary<string, ResourceQuantity> list) =>
        new(list.Where(e => e.Value.ToDecimal() != 0m), StringComparer.Ordinal);

    public static List<string> Negative(IDictionary<string, ResourceQuantity> list) =>
        [.. list.Where(e => e.Value.ToDecimal() < 0m).Select(e => e.Key).Order(StringComparer.Ordinal)];

    /// <summary>The names in <paramref name="used"/> above their limit in <paramref name="hard"/> (quota.LessThanOrEqual); names without a limit pass.</summary>
    public static List<string> Exceeded(IDictionary<string, ResourceQuantity> used, IDictionary<string, ResourceQuantity>? hard) =>
        [.. used.Where(e => hard is not null && hard.TryGetValue(e.Key, out var limit) && e.Value.ToDecimal() > limit.ToDecimal())
            .Select(e => e.Key).Order(StringComparer.Ordinal)];

    /// <summary>Same names with equal values (quota.Equals).</summary>
    public static bool Equal(IDictionary<string, ResourceQuantity>? a, IDictionary<string, ResourceQuantity>? b)
    {
        a ??= Empty();
        b ??= Empty();
        return a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var other) && other.ToDecimal() == e.Value.ToDecimal());
    }

    /// <summary>kube's prettyPrint: "name=value" by name, comma-separated.</summary>
    public static string Format(IDictionary<string, ResourceQuantity> list) =>
        string.Join(",", list.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"));

    private static Dictionary<string, ResourceQuantity> Copy(IDictionary<string, ResourceQuantity>? list) =>
        list is null ? Empty() : new Dictionary<string, ResourceQuantity>(list, StringComparer.Ordinal);
}
