using Berth.Scheduler.Framework;
using k8s.Models;

namespace Berth.Scheduler.Tests;

/// <summary>Snapshots from nodes and bound pods, as the plugin tests' tables list them.</summary>
public static class Snapshots
{
    public static ClusterSnapshot Of(IEnumerable<V1Node> nodes, IEnumerable<V1Pod>? pods = null, IEnumerable<V1Namespace>? namespaces = null)
    {
        var snapshot = new ClusterSnapshot();
        foreach (var node in nodes)
        {
            snapshot.UpsertNode(node);
        }
        foreach (var pod in pods ?? [])
        {
            snapshot.AddPod(new PodInfo(pod));
        }
        foreach (var ns in namespaces ?? [new V1Namespace { Metadata = new V1ObjectMeta { Name = "default" } }])
        {
            snapshot.UpsertNamespace(ns);
        }
        return snapshot;
    }
}
