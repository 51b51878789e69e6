using Cel;
using k8s.Models;

namespace Berth.ApiServer.AdmissionControl.Policies.Library;

/// <summary>
/// kube's quantity library (apiserver/pkg/cel/library/quantity.go) over the KubernetesClient's
/// ResourceQuantity: <c>quantity(s)</c>, <c>isQuantity(s)</c>, comparisons (isGreaterThan, isLessThan,
/// compareTo), arithmetic (add, sub with quantities or ints), and sign, isInteger, asInteger, asApproximateFloat.
/// </summary>
public static class QuantityLibrary
{
    public static void Register(CelEnvironment environment)
    {
        Type s = typeof(string), q = typeof(ResourceQuantity), i = typeof(long);
        environment.RegisterFunction("quantity", [s], a => Parse((string)a[0]!) ?? throw new CelArgumentRangeException("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"));
        environment.RegisterFunction("isQuantity", [s], a => Parse((string)a[0]!) is not null);
        environment.RegisterFunction("sign", [q], a => (long)Math.Sign(Value(a[0])));
        environment.RegisterFunction("isInteger", [q], a => Value(a[0]) is var v && decimal.Truncate(v) == v && v is >= long.MinValue and <= long.MaxValue);
        environment.RegisterFunction("asInteger", [q], a => Value(a[0]) is var v && decimal.Truncate(v) == v && v is >= long.MinValue and <= long.MaxValue
            ? (long)v
            : throw new CelArgumentRangeException("cannot convert value to integer"));
        environment.RegisterFunction("asApproximateFloat", [q], a => (double)Value(a[0]));
        environment.RegisterFunction("isGreaterThan", [q, q], a => Value(a[0]) > Value(a[1]));
        environment.RegisterFunction("isLessThan", [q, q], a => Value(a[0]) < Value(a[1]));
        environment.RegisterFunction("compareTo", [q, q], a => (long)Value(a[0]).CompareTo(Value(a[1])));
        environment.RegisterFunction("add", [q, q], a => Of(Value(a[0]) + Value(a[1]), a[0]));
        environment.RegisterFunction("add", [q, i], a => Of(Value(a[0]) + (long)a[1]!, a[0]));
        environment.RegisterFunction("sub", [q, q], a => Of(Value(a[0]) - Value(a[1]), a[0]));
        environment.RegisterFunction("sub", [q, i], a => Of(Value(a[0]) - (long)a[1]!, a[0]));
    }

    private static ResourceQuantity? Parse(string text)
    {
        try
        {
            return text.Trim().Length == text.Length && text.Length > 0 ? new ResourceQuantity(text) : null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            return null;
        }
    }

    private static decimal Value(object? quantity) => ((ResourceQuantity)quantity!).ToDecimal();

    private static ResourceQuantity Of(decimal value, object? like) => new(value, 0, ((ResourceQuantity)like!).Format);
}
