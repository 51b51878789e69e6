using System.Globalization;
using k8s.Models;

namespace Berth.Controllers.Machinery;

/// <summary>An int-or-percent field (maxSurge, maxUnavailable) as a count (kube's GetScaledValueFromIntOrPercent).</summary>
public static class IntOrPercent
{
    /// <summary>The value, or its percentage of <paramref name="total"/> rounded as asked; 0 when absent.</summary>
    public static int Scaled(IntOrString? value, int total, bool roundUp)
    {
        var text = value?.Value;
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }
        if (text.EndsWith('%'))
        {
            var percent = int.Parse(text[..^1], CultureInfo.InvariantCulture);
            var exact = percent * (double)total / 100;
            return (int)(roundUp ? Math.Ceiling(exact) : Math.Floor(exact));
        }
        return int.Parse(text, CultureInfo.InvariantCulture);
    }
}
