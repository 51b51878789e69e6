using Berth.Controllers.Namespaces;
using k8s.Models;

namespace Berth.Controllers.Tests.Namespaces;

public sealed class NamespaceConditionsTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Apply_CleanPass_SetsAllFiveOkConditions()
    {
        var status = new V1NamespaceStatus { Phase = "Terminating" };

        Assert.True(new NamespaceConditions().Apply(status, T0));

        Assert.Equal(
            [
                ("NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered", "All resources successfully discovered"),
                ("NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions", "All legacy kube types successfully parsed"),
                ("NamespaceDeletionContentFailure", "False", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
                ("NamespaceContentRemaining", "False", "ContentRemoved", "All content successfully removed"),
                ("NamespaceFinalizersRemaining", "False", "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
            ],
            status.Conditions.Select(c => (c.Type, c.Status, c.Reason, c.Message)));
    }

    [Fact]
    public void Apply_RemainingContent_ReportsResourcesAndFinalizersSorted()
    {
        var status = new V1NamespaceStatus();
        var conditions = new NamespaceConditions();
        conditions.Remaining(
            new Dictionary<string, int> { ["pods."] = 2, ["deployments.apps"] = 1 },
            new Dictionary<string, int> { ["example.com/keep"] = 1 });
        conditions.ContentDeletionFailed("unexpected items still remain in namespace: x for gvr: { v1 pods}");

        conditions.Apply(status, T0);

        var byType = status.Conditions.ToDictionary(c => c.Type);
        Assert.Equal(("True", "SomeResourcesRemain", "Some resources are remaining: deployments.apps has 1 resource instances, pods. has 2 resource instances"),
            (byType["NamespaceContentRemaining"].Status, byType["NamespaceContentRemaining"].Reason, byType["NamespaceContentRemaining"].Message));
        Assert.Equal(("True", "SomeFinalizersRemain", "Some content in the namespace has finalizers remaining: example.com/keep in 1 resource instances"),
            (byType["NamespaceFinalizersRemaining"].Status, byType["NamespaceFinalizersRemaining"].Reason, byType["NamespaceFinalizersRemaining"].Message));
        Assert.Equal(("True", "ContentDeletionFailed", "Failed to delete all resource types, 1 remaining: unexpected items still remain in namespace: x for gvr: { v1 pods}"),
            (byType["NamespaceDeletionContentFailure"].Status, byType["NamespaceDeletionContentFailure"].Reason, byType["NamespaceDeletionContentFailure"].Message));
    }

    [Fact]
    public void Apply_SameAgain_ChangesNothing_AndATransitionMovesItsTime()
    {
        var status = new V1NamespaceStatus();
        var remaining = new NamespaceConditions();
        remaining.Remaining(new Dictionary<string, int> { ["pods."] = 1 }, new Dictionary<string, int>());
        remaining.Apply(status, T0);

        Assert.False(remaining.Apply(status, T0.AddSeconds(5)));
        Assert.True(new NamespaceConditions().Apply(status, T0.AddSeconds(10)));

        var condition = status.Conditions.Single(c => c.Type == "NamespaceContentRemaining");
        Assert.Equal(("False", T0.AddSeconds(10)), (condition.Status, condition.LastTransitionTime));
        Assert.Equal(T0, status.Conditions.Single(c => c.Type == "NamespaceDeletionDiscoveryFailure").LastTransitionTime);
    }

    [Fact]
    public void DiscoveryFailed_NamesTheFailingGroups()
    {
        var status = new V1NamespaceStatus();
        var conditions = new NamespaceConditions();
        conditions.DiscoveryFailed("unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request", 1);

        conditions.Apply(status, T0);

        var failure = status.Conditions.Single(c => c.Type == "NamespaceDeletionDiscoveryFailure");
        Assert.Equal(("True", "DiscoveryFailed"), (failure.Status, failure.Reason));
        Assert.StartsWith("Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1", failure.Message);
    }
}
