using k8s.Models;

namespace Berth.Controllers.Jobs;

/// <summary>
/// The finalizer the job controller puts on every pod it creates or adopts, so a finished pod
/// cannot vanish before the Job has counted it; it is removed once the pod is counted (in
/// status.uncountedTerminatedPods first, then in succeeded/failed).
/// </summary>
public static class TrackingFinalizer
{
    public const string Name = "batch.kubernetes.io/job-tracking";

    /// <summary>A strategic merge patch removing the finalizer and leaving any others.</summary>
    public const string RemovePatch = """{"metadata":{"$deleteFromPrimitiveList/finalizers":["batch.kubernetes.io/job-tracking"]}}""";

    public static bool Has(V1Pod pod) => pod.Metadata.Finalizers?.Contains(Name) == true;
}
