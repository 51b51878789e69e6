using System.Collections;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Berth.Engine.Tests;

/// <summary>
/// The written properties a sample leaves at their defaults (null, zero, empty), in the Berth types it holds too: a writer's test
/// sample that sets every one covers a property added later only once the sample sets it.
/// </summary>
public static class UnsetProperties
{
    public static IEnumerable<string> Of(object value, string path)
    {
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonIgnoreAttribute>() is { Condition: JsonIgnoreCondition.Always } || property.SetMethod is null)
            {
                continue;
            }
            var current = property.GetValue(value);
            var fresh = property.PropertyType.IsValueType ? Activator.CreateInstance(property.PropertyType) : null;
            var where = $"{path}.{property.Name}";
            if (current is null || Equals(current, fresh) || current is ICollection { Count: 0 })
            {
                yield return where;
                continue;
            }
            var items = current is IEnumerable enumerable and not string ? enumerable.Cast<object>() : [current];
            foreach (var item in items.Where(i => i.GetType().Namespace?.StartsWith("Berth.", StringComparison.Ordinal) == true && !i.GetType().IsEnum))
            {
                foreach (var unset in Of(item, where))
                {
                    yield return unset;
                }
            }
        }
    }
}
