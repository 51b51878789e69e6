using Berth.Controllers.GarbageCollector;
using k8s.Models;

namespace Berth.Controllers.Tests.GarbageCollector;

public sealed class OwnerGraphTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly RecordedWork _work = new();
    private readonly AbsentOwnerCache _absent = new();
    private readonly OwnerGraph _graph;

    public OwnerGraphTests() => _graph = new OwnerGraph(_work, _absent);

    private static ObjectIdentity Deployment(string uid = "d1") => new("apps/v1", "Deployment", "ns", "web", uid);

    private static ObjectIdentity ReplicaSet(string uid = "r1") => new("apps/v1", "ReplicaSet", "ns", "web-1", uid);

    private static ObjectIdentity Pod(string uid = "p1") => new("v1", "Pod", "ns", $"web-1-{uid}", uid);

    private static V1OwnerReference Ref(ObjectIdentity owner, bool block = true) => new()
    {
        ApiVersion = owner.ApiVersion,
        Kind = owner.Kind,
        Name = owner.Name,
        Uid = owner.Uid,
        Controller = true,
        BlockOwnerDeletion = block,
    };

    private static V1ObjectMeta Meta(ObjectIdentity identity, params V1OwnerReference[] owners) => new()
    {
        Name = identity.Name,
        NamespaceProperty = identity.Namespace,
        Uid = identity.Uid,
        OwnerReferences = owners.Length == 0 ? null : owners,
    };

    private static V1ObjectMeta Deleting(V1ObjectMeta meta, params string[] finalizers)
    {
        var copy = new V1ObjectMeta
        {
            Name = meta.Name,
            NamespaceProperty = meta.NamespaceProperty,
            Uid = meta.Uid,
            OwnerReferences = meta.OwnerReferences,
            DeletionTimestamp = Now,
            Finalizers = finalizers,
        };
        return copy;
    }

    [Fact]
    public void Observe_OwnerNotSeenYet_AddsAVirtualOwnerToVerify()
    {
        _graph.Observe(ReplicaSet(), null, Meta(ReplicaSet(), Ref(Deployment())));

        Assert.Equal(["d1"], _work.Deletes);
        var owner = _graph.View("d1")!;
        Assert.False(owner.Observed);
        Assert.Equal(ReplicaSet(), Assert.Single(owner.Dependents).Identity);
    }

    [Fact]
    public void Observe_OwnerSeenFirst_NoWork()
    {
        _graph.Observe(Deployment(), null, Meta(Deployment()));
        _graph.Observe(ReplicaSet(), null, Meta(ReplicaSet(), Ref(Deployment())));

        Assert.Empty(_work.Deletes);
        Assert.True(_graph.View("d1")!.Observed);
    }

    [Fact]
    public void Observe_VirtualOwnerSeenLater_BecomesObserved()
    {
        _graph.Observe(ReplicaSet(), null, Meta(ReplicaSet(), Ref(Deployment())));

        _graph.Observe(Deployment(), null, Meta(Deployment()));

        var owner = _graph.View("d1")!;
        Assert.True(owner.Observed);
        Assert.Single(owner.Dependents);
    }

    [Fact]
    public void Remove_OwnerWithDependents_QueuesThemAndRemembersTheOwnerAbsent()
    {
        _graph.Observe(Deployment(), null, Meta(Deployment()));
        _graph.Observe(ReplicaSet(), null, Meta(ReplicaSet(), Ref(Deployment())));

        _graph.Remove(Deployment());

        Assert.Equal(["r1"], _work.Deletes);
        Assert.True(_absent.Contains(Deployment()));
        Assert.Null(_graph.View("d1"));
    }

    [Fact]
    public void Observe_ForegroundDeletionStarts_QueuesDependentsAndTheOwner()
    {
        var deployment = Meta(Deployment());
        _graph.Observe(Deployment(), null, deployment);
        _graph.Observe(ReplicaSet(), null, Meta(ReplicaSet(), Ref(Deployment())));

        _graph.Observe(Deployment(), deployment, Deleting(deployment, OwnerGraph.ForegroundFinalizer));

        Assert.Equal(["r1", "d1"], _work.Deletes);
        var owner = _graph.View("d1")!;
        Assert.True(owner.DeletingDependents);
        Assert.True(owner.BeingDeleted);
        Assert.Single(owner.BlockingDependents);
    }

    [Fact]
    public void Observe_OrphanDeletionStarts_QueuesTheOwnerForOrphaning()
    {
        var deployment = Meta(Deployment());
        _graph.Observe(Deployment(), null, deployment);

        _graph.Observe(Deployment(), deployment, Deleting(deployment, OwnerGraph.OrphanFinalizer));

        Assert.Equal(["d1"], _work.Orphans);
        Assert.Empty(_work.Deletes);
    }

    [Fact]
    public void Observe_DeletionAlreadyStarted_IsNotATransitionAgain()
    {
        var deleting = Deleting(Meta(Deployment()), OwnerGraph.ForegroundFinalizer);
        _graph.Observe(Deployment(), null, deleting);
        _work.Clear();

        _graph.Observe(Deployment(), deleting, deleting);

        Assert.Empty(_work.Deletes);
    }

    [Fact]
    public void Remove_LastBlockingDependent_QueuesTheOwnerWaitingInTheForeground()
    {
        var deployment = Meta(Deployment());
        _graph.Observe(Deployment(), null, deployment);
        _graph.Observe(ReplicaSet(), null, Meta(ReplicaSet(), Ref(Deployment())));
        _graph.Observe(Deployment(), deployment, Deleting(deployment, OwnerGraph.ForegroundFinalizer));
        _work.Clear();

        _graph.Remove(ReplicaSet());

        Assert.Equal(["d1"], _work.Deletes);
        Assert.Empty(_graph.View("d1")!.Dependents);
    }

    [Fact]
    public void Observe_BlockingReferenceDropped_QueuesTheOwner()
    {
        var rs = Meta(ReplicaSet(), Ref(Deployment()));
        _graph.Observe(Deployment(), null, Meta(Deployment()));
        _graph.Observe(ReplicaSet(), null, rs);

        _graph.Observe(ReplicaSet(), rs, Meta(ReplicaSet(), Ref(Deployment(), block: false)));

        Assert.Equal(["d1"], _work.Deletes);
        Assert.Empty(_graph.View("d1")!.BlockingDependents);
        Assert.Single(_graph.View("d1")!.Dependents);
    }

    [Fact]
    public void Observe_ReferenceRemoved_UnlinksTheDependent()
    {
        var rs = Meta(ReplicaSet(), Ref(Deployment(), block: false));
        _graph.Observe(Deployment(), null, Meta(Deployment()));
        _graph.Observe(ReplicaSet(), null, rs);

        _graph.Observe(ReplicaSet(), rs, Meta(ReplicaSet()));

        Assert.Empty(_graph.View("d1")!.Dependents);
        Assert.Empty(_work.Deletes);
    }

    [Fact]
    public void RemoveAbsent_VirtualOwner_GoesAndItsDependentsAreQueued()
    {
        _graph.Observe(Pod(), null, Meta(Pod(), Ref(ReplicaSet())));
        _work.Clear();

        _graph.RemoveAbsent(ReplicaSet());

        Assert.Null(_graph.View("r1"));
        Assert.Equal(["p1"], _work.Deletes);
        Assert.True(_absent.Contains(ReplicaSet()));
    }

    [Fact]
    public void RemoveAbsent_ObservedUnderOtherCoordinates_StaysAndQueuesOnlyMatchingDependents()
    {
        _graph.Observe(ReplicaSet(), null, Meta(ReplicaSet()));
        var wrongKind = ReplicaSet() with { Kind = "StatefulSet" };
        _graph.Observe(Pod(), null, Meta(Pod(), Ref(wrongKind)));
        _work.Clear();

        _graph.RemoveAbsent(wrongKind);

        Assert.NotNull(_graph.View("r1"));
        Assert.Equal(["p1"], _work.Deletes);
    }

    [Fact]
    public void Observe_OwnerInAnotherNamespace_QueuesTheDependentToVerify()
    {
        _graph.Observe(ReplicaSet(), null, Meta(ReplicaSet()));
        var elsewhere = Pod() with { Namespace = "other" };

        _graph.Observe(elsewhere, null, Meta(elsewhere, Ref(ReplicaSet())));

        Assert.Equal(["p1"], _work.Deletes);
    }

    private sealed class RecordedWork : IGraphWork
    {
        public List<string> Deletes { get; } = [];

        public List<string> Orphans { get; } = [];

        public void AttemptToDelete(string uid) => Deletes.Add(uid);

        public void AttemptToOrphan(string uid) => Orphans.Add(uid);

        public void Clear()
        {
            Deletes.Clear();
            Orphans.Clear();
        }
    }
}
