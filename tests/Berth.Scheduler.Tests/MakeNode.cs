using k8s.Models;

namespace Berth.Scheduler.Tests;

/// <summary>A node under construction for table tests (after kube's st.MakeNode()).</summary>
public sealed class MakeNode
{
    private readonly V1Node _node;

    public MakeNode(string name)
    {
        _node = new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name } },
            Spec = new V1NodeSpec(),
            Status = new V1NodeStatus { Allocatable = MakePod.Parse("cpu=4,memory=8Gi,pods=110,ephemeral-storage=100Gi") },
        };
    }

    /// <summary>Allocatable resources, e.g. "cpu=2,memory=4Gi,pods=10" (replaces the default 4 CPU, 8Gi, 110 pods).</summary>
    public MakeNode Capacity(string allocatable)
    {
        _node.Status.Allocatable = MakePod.Parse(allocatable);
        return this;
    }

    public MakeNode Label(string key, string value)
    {
        _node.Metadata.Labels[key] = value;
        return this;
    }

    public MakeNode Zone(string zone) => Label("topology.kubernetes.io/zone", zone);

    public MakeNode Taint(string key, string effect, string? value = null)
    {
        _node.Spec.Taints ??= [];
        _node.Spec.Taints.Add(new V1Taint { Key = key, Value = value, Effect = effect });
        return this;
    }

    public MakeNode Unschedulable()
    {
        _node.Spec.Unschedulable = true;
        return this;
    }

    public MakeNode Image(string name, long sizeBytes)
    {
        _node.Status.Images ??= [];
        _node.Status.Images.Add(new V1ContainerImage { Names = [name], SizeBytes = sizeBytes });
        return this;
    }

    public V1Node Obj() => _node;
}
