using Berth.Client.Resources;
using k8s.Models;

namespace Berth.Scheduler.Framework;

/// <summary>
/// Amounts of compute resources (kube-scheduler's framework.Resource): CPU in milli-cores, memory
/// and ephemeral storage in bytes, a pod count, and scalar resources (extended, hugepages) by name.
/// </summary>
public sealed class ResourceSet
{
    public long MilliCpu { get; set; }

    public long Memory { get; set; }

    public long EphemeralStorage { get; set; }

    /// <summary>Pods the node accepts (allocatable <c>pods</c>).</summary>
    public int AllowedPods { get; set; }

    /// <summary>Scalar resources by name; null until one is added.</summary>
    public Dictionary<string, long>? Scalars { get; private set; }

    public bool IsZero => MilliCpu == 0 && Memory == 0 && EphemeralStorage == 0 && (Scalars is null || Scalars.Count == 0);

    public static ResourceSet From(IDictionary<string, ResourceQuantity>? list)
    {
        var set = new ResourceSet();
        set.Add(list);
        return set;
    }

    public long Scalar(string name) => Scalars is not null && Scalars.TryGetValue(name, out var value) ? value : 0;

    /// <summary>The amount of one named resource (cpu in milli-cores).</summary>
    public long Get(string name) => name switch
    {
        ResourceNames.Cpu => MilliCpu,
        ResourceNames.Memory => Memory,
        ResourceNames.EphemeralStorage => EphemeralStorage,
        ResourceNames.Pods => AllowedPods,
        _ => Scalar(name),
    };

    public void Add(IDictionary<string, ResourceQuantity>? list)
    {
        if (list is Dictionary<string, ResourceQuantity> dictionary)
        {
            // The models' maps are Dictionaries: their struct enumerator, not a boxed one per container.
            foreach (var pair in dictionary)
            {
                Add(pair);
            }
        }
        else if (list is not null)
        {
            foreach (var pair in list)
            {
                Add(pair);
            }
        }
    }

    private void Add(KeyValuePair<string, ResourceQuantity> request) => AddValue(request.Key, Quantities.For(request.Key, request.Value));

    /// <summary>Raises each amount to the other set's where that is larger.</summary>
    public void MaxWith(ResourceSet other)
    {
        MilliCpu = Math.Max(MilliCpu, other.MilliCpu);
        Memory = Math.Max(Memory, other.Memory);
        EphemeralStorage = Math.Max(EphemeralStorage, other.EphemeralStorage);
        AllowedPods = Math.Max(AllowedPods, other.AllowedPods);
        if (other.Scalars is null)
        {
            return;
        }
        foreach (var (name, value) in other.Scalars)
        {
            SetScalar(name, Math.Max(Scalar(name), value));
        }
    }

    /// <summary>Adds (or with sign -1 subtracts) another set.</summary>
    public void Add(ResourceSet other, int sign = 1)
    {
        MilliCpu += sign * other.MilliCpu;
        Memory += sign * other.Memory;
        EphemeralStorage += sign * other.EphemeralStorage;
        if (other.Scalars is null)
        {
            return;
        }
        foreach (var (name, value) in other.Scalars)
        {
            SetScalar(name, Scalar(name) + (sign * value));
        }
    }

    public void AddValue(string name, long value)
    {
        switch (name)
        {
            case ResourceNames.Cpu:
                MilliCpu += value;
                break;
            case ResourceNames.Memory:
                Memory += value;
                break;
            case ResourceNames.Pods:
                AllowedPods += (int)Math.Min(value, int.MaxValue);
                break;
            case ResourceNames.EphemeralStorage:
                EphemeralStorage += value;
                break;
            default:
                if (ResourceNames.IsScalar(name))
                {
                    SetScalar(name, Scalar(name) + value);
                }
                break;
        }
    }

    public ResourceSet Clone()
    {
        var copy = new ResourceSet { MilliCpu = MilliCpu, Memory = Memory, EphemeralStorage = EphemeralStorage, AllowedPods = AllowedPods };
        if (Scalars is not null)
        {
            copy.Scalars = new Dictionary<string, long>(Scalars, StringComparer.Ordinal);
        }
        return copy;
    }

    private void SetScalar(string name, long value)
    {
        Scalars ??= new Dictionary<string, long>(StringComparer.Ordinal);
        Scalars[name] = value;
    }
}
