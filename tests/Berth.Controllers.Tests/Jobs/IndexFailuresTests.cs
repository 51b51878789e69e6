using Berth.Controllers.Jobs;
using k8s.Models;

namespace Berth.Controllers.Tests.Jobs;

public sealed class IndexFailuresTests
{
    private static readonly DateTime T0 = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    // failure count annotation, limit per index, exit code → the index has failed for good
    [InlineData(0, 1, 1, false)]
    [InlineData(1, 1, 1, true)]
    [InlineData(2, 1, 1, true)]
    [InlineData(0, 0, 1, true)]
    [InlineData(5, 1, 137, false)] // an Ignore rule: the failure does not count
    [InlineData(0, 3, 42, true)] // a FailIndex rule fails the index at once
    public void IsIndexFailed_ByCountOrFailIndexRule(int count, int limit, int exitCode, bool failed)
    {
        var job = Job(limit);

        Assert.Equal(failed, IndexFailures.IsIndexFailed(job, FailedPod(0, count, exitCode)));
    }

    [Fact]
    public void NextCounts_AddTheReplacedPodsFailureToTheRightCounter()
    {
        var job = Job(3);

        Assert.Equal((0, 0), IndexFailures.NextCounts(job, null));
        Assert.Equal((3, 0), IndexFailures.NextCounts(job, FailedPod(0, 2, 1)));
        Assert.Equal((2, 1), IndexFailures.NextCounts(job, FailedPod(0, 2, 137)));
    }

    [Fact]
    public void AwaitingReplacement_KeepsEachPendingIndexsLatestFailure()
    {
        var job = Job(3);
        var first = FailedPod(1, 0, 1, finishedAt: 5);
        var second = FailedPod(1, 1, 1, finishedAt: 30);
        var done = FailedPod(2, 0, 1);
        var running = FailedPod(0, 0, 1);

        var awaiting = IndexFailures.AwaitingReplacement(job, [first, second, done, running], IndexIntervals.Of([2]), IndexIntervals.Empty,
            [new V1Pod { Metadata = new V1ObjectMeta { Annotations = new Dictionary<string, string> { [CompletionIndex.Key] = "0" } } }]);

        Assert.Equal([1], awaiting.Keys);
        Assert.Same(second, awaiting[1]);
    }

    [Theory]
    // failures of the index so far, seconds since the last → seconds to wait
    [InlineData(0, 0, 10)]
    [InlineData(1, 0, 20)]
    [InlineData(1, 25, 0)]
    [InlineData(2, 10, 30)]
    public void Remaining_BacksOffByTheIndexsOwnFailures(int count, int elapsed, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), IndexFailures.Remaining(FailedPod(0, count, 1), T0.AddSeconds(elapsed)));
        Assert.Equal(TimeSpan.Zero, IndexFailures.Remaining(null, T0));
    }

    [Fact]
    public void Failed_AddsNewlyFailedIndexesToTheStatus()
    {
        var job = Job(1);
        job.Status = new V1JobStatus { FailedIndexes = "4" };

        Assert.Equal("1,4", IndexFailures.Failed(job, [FailedPod(1, 1, 1), FailedPod(2, 0, 1)]).ToString());
    }

    private static V1Job Job(int limitPerIndex) => new()
    {
        Metadata = new V1ObjectMeta { Name = "work" },
        Spec = new V1JobSpec
        {
            Completions = 5,
            CompletionMode = "Indexed",
            BackoffLimitPerIndex = limitPerIndex,
            PodFailurePolicy = new V1PodFailurePolicy
            {
                Rules =
                [
                    new V1PodFailurePolicyRule { Action = "Ignore", OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement { OperatorProperty = "In", Values = [137] } },
                    new V1PodFailurePolicyRule { Action = "FailIndex", OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement { OperatorProperty = "In", Values = [42] } },
                ],
            },
            Template = new V1PodTemplateSpec { Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [] } },
        },
    };

    private static V1Pod FailedPod(int index, int failureCount, int exitCode, int finishedAt = 0) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = $"work-{index}-{failureCount}",
            Uid = $"uid-{index}-{failureCount}",
            Finalizers = [TrackingFinalizer.Name],
            Annotations = new Dictionary<string, string>
            {
                [CompletionIndex.Key] = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [IndexFailures.FailureCountAnnotation] = failureCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        },
        Status = new V1PodStatus
        {
            Phase = "Failed",
            ContainerStatuses =
            [
                new V1ContainerStatus { Name = "c", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = exitCode, FinishedAt = T0.AddSeconds(finishedAt) } } },
            ],
        },
    };
}
