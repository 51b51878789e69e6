using System.Text.Json;
using Berth.Client.Informers;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using Berth.Scheduler.Cache;
using Berth.Scheduler.Framework;
using Berth.Scheduler.Queue;
using Berth.Client.Selectors;
using k8s.Models;

namespace Berth.Scheduler.Service;

/// <summary>
/// kube-scheduler's event handlers: informer changes go into the cache (bound pods, nodes,
/// volumes, namespaces, the workloads default spreading reads, the disruption budgets preemption
/// tries not to violate) and into the queue (pending pods
/// of this scheduler), and every change that may let a pod fit now moves the unschedulable pods
/// that wait for it.
/// </summary>
internal sealed class ClusterEventHandlers(SchedulerCache cache, SchedulingQueue queue, string schedulerName)
{
    /// <summary>Creates the informers the scheduler reads and attaches the handlers.</summary>
    public void Register(InformerFactory informers)
    {
        informers.For(KubeResources.Nodes).AddHandler(new InformerHandler<V1Node>(AddNode, UpdateNode, DeleteNode));
        informers.For(KubeResources.Pods).AddHandler(new InformerHandler<V1Pod>(pod => OnPod(null, pod), OnPod, DeletePod));
        informers.For(KubeResources.Namespaces).AddHandler(new InformerHandler<V1Namespace>(
            ns => cache.Change(s => s.UpsertNamespace(ns)),
            (old, ns) =>
            {
                cache.Change(s => s.UpsertNamespace(ns));
                if (!LabelSets.Equal(old.Metadata.Labels, ns.Metadata.Labels))
                {
                    queue.OnClusterEvent(ClusterEvent.NamespaceUpdate);
                }
            },
            ns => cache.Change(s => s.RemoveNamespace(ns.Metadata.Name))));
        informers.For(KubeResources.PersistentVolumes).AddHandler(new InformerHandler<V1PersistentVolume>(
            pv => VolumeChanged(s => s.PersistentVolumes[pv.Metadata.Name] = pv),
            deleted: pv => VolumeChanged(s => s.PersistentVolumes.Remove(pv.Metadata.Name))));
        informers.For(KubeResources.PersistentVolumeClaims).AddHandler(new InformerHandler<V1PersistentVolumeClaim>(
            pvc => VolumeChanged(s => s.Claims[ObjectKey.Of(pvc)] = pvc),
            deleted: pvc => VolumeChanged(s => s.Claims.Remove(ObjectKey.Of(pvc)))));
        informers.For(KubeResources.StorageClasses).AddHandler(new InformerHandler<V1StorageClass>(
            sc => VolumeChanged(s => s.StorageClasses[sc.Metadata.Name] = sc),
            deleted: sc => VolumeChanged(s => s.StorageClasses.Remove(sc.Metadata.Name))));
        informers.For(KubeResources.Services).AddHandler(new InformerHandler<V1Service>(
            svc => cache.Change(s => s.Workloads.UpsertService(svc)),
            deleted: svc => cache.Change(s => s.Workloads.RemoveService(svc.Metadata.NamespaceProperty ?? "", svc.Metadata.Name))));
        informers.For(KubeResources.ReplicaSets).AddHandler(new InformerHandler<V1ReplicaSet>(
            rs => cache.Change(s => s.Workloads.ReplicaSets[ObjectKey.Of(rs)] = rs),
            deleted: rs => cache.Change(s => s.Workloads.ReplicaSets.Remove(ObjectKey.Of(rs)))));
        informers.For(KubeResources.PodDisruptionBudgets).AddHandler(new InformerHandler<V1PodDisruptionBudget>(
            pdb => cache.Change(s => s.DisruptionBudgets[ObjectKey.Of(pdb)] = pdb),
            deleted: pdb => cache.Change(s => s.DisruptionBudgets.Remove(ObjectKey.Of(pdb)))));
        informers.For(KubeResources.StatefulSets).AddHandler(new InformerHandler<V1StatefulSet>(
            ss => cache.Change(s => s.Workloads.StatefulSets[ObjectKey.Of(ss)] = ss),
            deleted: ss => cache.Change(s => s.Workloads.StatefulSets.Remove(ObjectKey.Of(ss)))));
    }

    private void AddNode(V1Node node)
    {
        cache.Change(s => s.UpsertNode(node));
        queue.OnClusterEvent(ClusterEvent.NodeAdd);
    }

    private void UpdateNode(V1Node old, V1Node node)
    {
        cache.Change(s => s.UpsertNode(node));
        if (SchedulingPropertiesChanged(old, node))
        {
            queue.OnClusterEvent(ClusterEvent.NodeUpdate);
        }
    }

    private void DeleteNode(V1Node node)
    {
        cache.Change(s => s.RemoveNode(node.Metadata.Name));
        queue.OnClusterEvent(ClusterEvent.NodeDelete);
    }

    private void OnPod(V1Pod? old, V1Pod pod)
    {
        var uid = pod.Metadata.Uid ?? ObjectKey.Of(pod);
        if (!string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            OnBoundPod(old, pod, uid);
            return;
        }
        if (!IsOurs(pod))
        {
            queue.Delete(uid);
            cache.Change(s => s.Nominate(new PodInfo(pod), null));
            return;
        }
        if (cache.IsAssumed(uid))
        {
            return; // its binding is in flight; the bound pod will arrive
        }
        var info = new PodInfo(pod);
        cache.Change(s => s.Nominate(info, info.NominatedNodeName));
        if (old is null)
        {
            queue.Add(info);
        }
        else
        {
            queue.Update(info, SpecChanged(old, pod));
        }
    }

    private void OnBoundPod(V1Pod? old, V1Pod pod, string uid)
    {
        queue.Delete(uid);
        var info = new PodInfo(pod);
        cache.Change(s => s.Nominate(info, null));
        if (IsTerminal(pod))
        {
            // A finished pod holds no resources (kubelet admission does not count it).
            if (cache.Remove(uid))
            {
                queue.OnClusterEvent(ClusterEvent.AssignedPodDelete);
            }
            return;
        }
        if (cache.AddBound(info))
        {
            queue.OnClusterEvent(ClusterEvent.AssignedPodAdd);
        }
        else if (old is not null && !LabelSets.Equal(old.Metadata.Labels, pod.Metadata.Labels))
        {
            queue.OnClusterEvent(ClusterEvent.AssignedPodUpdate);
        }
    }

    private void DeletePod(V1Pod pod)
    {
        var uid = pod.Metadata.Uid ?? ObjectKey.Of(pod);
        queue.Delete(uid);
        cache.Change(s => s.Nominate(new PodInfo(pod), null));
        if (cache.Remove(uid))
        {
            queue.OnClusterEvent(ClusterEvent.AssignedPodDelete);
        }
    }

    private void VolumeChanged(Action<ClusterSnapshot> change)
    {
        cache.Change(change);
        queue.OnClusterEvent(ClusterEvent.VolumeChange);
    }

    /// <summary>A pending pod this scheduler places: its schedulerName, not being deleted, not finished, no scheduling gates.</summary>
    private bool IsOurs(V1Pod pod) =>
        (pod.Spec?.SchedulerName ?? "default-scheduler") == schedulerName
        && pod.Metadata.DeletionTimestamp is null
        && !IsTerminal(pod)
        && pod.Spec?.SchedulingGates is null or { Count: 0 };

    private static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    /// <summary>What scheduling reads of a node changed (kube's nodeSchedulingPropertiesChange), not just a heartbeat.</summary>
    private static bool SchedulingPropertiesChanged(V1Node old, V1Node node) =>
        old.Spec?.Unschedulable != node.Spec?.Unschedulable
        || !LabelSets.Equal(old.Metadata.Labels, node.Metadata.Labels)
        || Json(old.Spec?.Taints, ModelJsonContext.Default.IListV1Taint) != Json(node.Spec?.Taints, ModelJsonContext.Default.IListV1Taint)
        || Json(old.Status?.Allocatable, ModelJsonContext.Default.IDictionaryStringResourceQuantity) != Json(node.Status?.Allocatable, ModelJsonContext.Default.IDictionaryStringResourceQuantity);

    /// <summary>The pod changed in a way that may change where it fits (kube's isPodUpdated: not only its status).</summary>
    private static bool SpecChanged(V1Pod old, V1Pod pod) =>
        !LabelSets.Equal(old.Metadata.Labels, pod.Metadata.Labels)
        || Json(old.Spec, ModelJsonContext.Default.V1PodSpec) != Json(pod.Spec, ModelJsonContext.Default.V1PodSpec);

    private static string Json<T>(T? value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        value is null ? "" : JsonSerializer.Serialize(value, type);
}
