using System.Collections;
using Cel;

namespace Berth.ApiServer.AdmissionControl.Policies.Library;

/// <summary>
/// kube's lists library (apiserver/pkg/cel/library/lists.go): isSorted, sum, min, max, indexOf and
/// lastIndexOf over lists of comparable values (ints, doubles, strings).
/// </summary>
public static class ListsLibrary
{
    public static void Register(CelEnvironment environment)
    {
        Type list = typeof(IList), any = typeof(object);
        environment.RegisterFunction("isSorted", [list], a => Items(a[0]).Zip(Items(a[0]).Skip(1)).All(pair => Compare(pair.First, pair.Second) <= 0));
        environment.RegisterFunction("sum", [list], a => Sum(Items(a[0])));
        environment.RegisterFunction("min", [list], a => Extreme(Items(a[0]), "min", sign: -1));
        environment.RegisterFunction("max", [list], a => Extreme(Items(a[0]), "max", sign: 1));
        environment.RegisterFunction("indexOf", [list, any], a => (long)Items(a[0]).FindIndex(item => Equals(item, a[1])));
        environment.RegisterFunction("lastIndexOf", [list, any], a => (long)Items(a[0]).FindLastIndex(item => Equals(item, a[1])));
    }

    private static List<object?> Items(object? list) => [.. ((IList)list!).Cast<object?>()];

    /// <summary>The sum in the elements' type: 0 for an empty list, as kube's int overload.</summary>
    private static object Sum(List<object?> items) => items.All(item => item is long)
        ? items.Aggregate(0L, (total, item) => checked(total + (long)item!))
        : items.Aggregate(0d, (total, item) => total + Number(item));

    private static object? Extreme(List<object?> items, string name, int sign) =>
        items.Count == 0
            ? throw new CelArgumentRangeException($"{name} called on empty list")
            : items.Aggregate((best, item) => Compare(item, best) * sign > 0 ? item : best);

    /// <summary>CEL's ordering: numbers with numbers (int and double compare by value), strings with strings.</summary>
    public static int Compare(object? a, object? b) => (a, b) switch
    {
        (long x, long y) => x.CompareTo(y),
        (string x, string y) => string.CompareOrdinal(x, y),
        (bool x, bool y) => x.CompareTo(y),
        _ when IsNumber(a) && IsNumber(b) => Number(a).CompareTo(Number(b)),
        _ => throw new CelNoSuchOverloadException($"no such overload: cannot compare {a?.GetType().Name ?? "null"} with {b?.GetType().Name ?? "null"}"),
    };

    private static bool IsNumber(object? value) => value is long or double or ulong;

    private static double Number(object? value) => value switch
    {
        long l => l,
        double d => d,
        ulong u => u,
        _ => throw new CelNoSuchOverloadException($"no such overload: sum of {value?.GetType().Name ?? "null"}"),
    };

    private static new bool Equals(object? a, object? b) => a is not null && b is not null && IsNumber(a) && IsNumber(b) ? Number(a) == Number(b) : object.Equals(a, b);
}
