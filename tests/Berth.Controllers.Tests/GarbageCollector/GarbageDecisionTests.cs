using Berth.Controllers.GarbageCollector;
using k8s.Models;

namespace Berth.Controllers.Tests.GarbageCollector;

public sealed class GarbageDecisionTests
{
    private static readonly DependentView PlainDependent = new(new ObjectIdentity("v1", "Pod", "ns", "p", "p1"), DeletingDependents: false, BlocksOwnerDeletion: true);
    private static readonly DependentView ForegroundDependent = PlainDependent with { DeletingDependents = true };

    private static (V1OwnerReference, OwnerState) Owner(string uid, OwnerState state) => (new V1OwnerReference { Uid = uid, Name = uid, Kind = "ReplicaSet", ApiVersion = "apps/v1" }, state);

    public static TheoryData<string, (V1OwnerReference, OwnerState)[], DependentView[], string[], GarbageAction> Cases => new()
    {
        { "a solid owner keeps it", [Owner("a", OwnerState.Solid)], [], [], new GarbageAction.Keep() },
        {
            "a solid owner keeps it; absent and waiting owners are dropped",
            [Owner("a", OwnerState.Solid), Owner("b", OwnerState.Dangling), Owner("c", OwnerState.WaitingForDependentsDeletion)], [], [],
            new GarbageAction.RemoveOwnerReferences(["b", "c"])
        },
        { "all owners absent: background", [Owner("a", OwnerState.Dangling)], [PlainDependent], [], new GarbageAction.Delete("Background") },
        { "its own orphan finalizer decides", [Owner("a", OwnerState.Dangling)], [], ["orphan"], new GarbageAction.Delete("Orphan") },
        { "its own foreground finalizer decides", [Owner("a", OwnerState.Dangling)], [], ["foregroundDeletion"], new GarbageAction.Delete("Foreground") },
        { "owner waits, no dependents of its own: background", [Owner("a", OwnerState.WaitingForDependentsDeletion)], [], [], new GarbageAction.Delete("Background") },
        { "owner waits, dependents of its own: foreground", [Owner("a", OwnerState.WaitingForDependentsDeletion)], [PlainDependent], [], new GarbageAction.Delete("Foreground") },
        {
            "owner waits, a dependent waits on it: unblock, then foreground",
            [Owner("a", OwnerState.WaitingForDependentsDeletion), Owner("b", OwnerState.Dangling)], [ForegroundDependent], [],
            new GarbageAction.Delete("Foreground", UnblockFirst: true)
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_FollowsKube(string because, (V1OwnerReference, OwnerState)[] owners, DependentView[] dependents, string[] finalizers, GarbageAction expected)
    {
        var action = GarbageDecision.Decide(owners, dependents, finalizers);

        if (expected is GarbageAction.RemoveOwnerReferences remove)
        {
            Assert.Equal(remove.OwnerUids, Assert.IsType<GarbageAction.RemoveOwnerReferences>(action).OwnerUids);
        }
        else
        {
            Assert.True(expected == action, $"{because}: expected {expected}, got {action}");
        }
    }
}
