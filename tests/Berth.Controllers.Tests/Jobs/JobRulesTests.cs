using Berth.Controllers.Jobs;
using k8s.Models;

namespace Berth.Controllers.Tests.Jobs;

public sealed class JobRulesTests
{
    private static readonly DateTime T0 = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    // completions, parallelism, active, succeeded → pods wanted
    [InlineData(5, 2, 0, 0, 2)]
    [InlineData(5, 2, 2, 4, 1)]
    [InlineData(5, 2, 1, 5, 0)]
    [InlineData(3, 10, 0, 1, 2)]
    [InlineData(null, 3, 1, 0, 3)]
    [InlineData(null, 3, 2, 1, 2)]
    public void WantActive_IsBoundedByParallelismAndRemainingCompletions(int? completions, int parallelism, int active, int succeeded, int expected)
    {
        Assert.Equal(expected, JobRules.WantActive(Job(completions, parallelism), active, succeeded));
    }

    [Theory]
    [InlineData(3, 3, 0, true)]
    [InlineData(3, 3, 1, false)]
    [InlineData(3, 2, 0, false)]
    [InlineData(null, 1, 0, true)]
    [InlineData(null, 0, 0, false)]
    public void IsComplete_NeedsTheCompletionsAndNothingActive(int? completions, int succeeded, int active, bool complete)
    {
        Assert.Equal(complete, JobRules.IsComplete(Job(completions, 1), succeeded, active));
    }

    [Theory]
    [InlineData("Failed", false, null, null, true)]
    [InlineData("Running", true, null, null, true)]
    [InlineData("Running", true, "Failed", null, false)]
    [InlineData("Running", true, null, "policy", false)]
    [InlineData("Succeeded", true, null, null, false)]
    [InlineData("Running", false, null, null, false)]
    public void IsPodFailed_CountsDeletedPodsUnlessOnlyFailedPodsAreReplaced(string phase, bool deleting, string? replacement, string? policy, bool failed)
    {
        var job = Job(1, 1);
        job.Spec.PodReplacementPolicy = replacement;
        job.Spec.PodFailurePolicy = policy is null ? null : new V1PodFailurePolicy { Rules = [] };
        var pod = new V1Pod { Metadata = new V1ObjectMeta { DeletionTimestamp = deleting ? T0 : null }, Status = new V1PodStatus { Phase = phase } };

        Assert.Equal(failed, JobRules.IsPodFailed(pod, job));
    }

    [Theory]
    [InlineData("OnFailure", 2, 2, true)]
    [InlineData("OnFailure", 3, 2, false)]
    [InlineData("OnFailure", 0, 1, true)]
    [InlineData("OnFailure", 0, 0, false)]
    [InlineData("Never", 1, 5, false)]
    public void PastBackoffLimitOnFailure_SumsContainerRestarts(string restartPolicy, int backoffLimit, int restarts, bool past)
    {
        var job = Job(1, 1);
        job.Spec.BackoffLimit = backoffLimit;
        job.Spec.Template.Spec.RestartPolicy = restartPolicy;
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta(),
            Status = new V1PodStatus { Phase = "Running", ContainerStatuses = [new V1ContainerStatus { Name = "c", RestartCount = restarts }] },
        };

        Assert.Equal(past, JobRules.PastBackoffLimitOnFailure(job, [pod]));
    }

    [Theory]
    [InlineData(30, 10, false, 20.0)]
    [InlineData(30, 30, false, 0.0)]
    [InlineData(30, 45, false, -15.0)]
    [InlineData(30, 45, true, null)]
    public void RemainingActiveTime_RunsFromStartTimeUnlessSuspended(int deadline, int elapsed, bool suspended, double? remaining)
    {
        var job = Job(1, 1);
        job.Spec.ActiveDeadlineSeconds = deadline;
        job.Spec.Suspend = suspended;
        job.Status = new V1JobStatus { StartTime = T0 };

        Assert.Equal(remaining, JobRules.RemainingActiveTime(job, T0.AddSeconds(elapsed))?.TotalSeconds);
        Assert.Equal(remaining <= 0, JobRules.PastActiveDeadline(job, T0.AddSeconds(elapsed)));
    }

    private static V1Job Job(int? completions, int parallelism) => new()
    {
        Metadata = new V1ObjectMeta { Name = "work" },
        Spec = new V1JobSpec
        {
            Completions = completions,
            Parallelism = parallelism,
            Template = new V1PodTemplateSpec { Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [] } },
        },
    };
}
