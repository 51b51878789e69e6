using Berth.Controllers.Jobs;
using k8s.Models;

namespace Berth.Controllers.Tests.Jobs;

public sealed class PodFailurePoliciesTests
{
    public static TheoryData<string, V1PodFailurePolicyRule[], V1Pod, string?, bool, bool> Cases => new()
    {
        { "no policy rule matches", [ExitCodes("FailJob", "In", 1)], Pod(exitCode: 2), null, true, false },
        { "FailJob on an exit code in the set", [ExitCodes("FailJob", "In", 1, 42)], Pod(exitCode: 42), "FailJob", true, true },
        { "NotIn matches codes outside the set", [ExitCodes("Count", "NotIn", 1)], Pod(exitCode: 3), "Count", true, false },
        { "NotIn does not match a code in the set", [ExitCodes("Ignore", "NotIn", 3)], Pod(exitCode: 3), null, true, false },
        { "Ignore does not count", [ExitCodes("Ignore", "In", 137)], Pod(exitCode: 137), "Ignore", false, false },
        { "exit code 0 never matches", [ExitCodes("FailJob", "NotIn", 5)], Pod(exitCode: 0, secondExitCode: 0), null, true, false },
        { "the first matching rule wins", [ExitCodes("Ignore", "In", 7), ExitCodes("FailJob", "In", 7)], Pod(exitCode: 7), "Ignore", false, false },
        { "a rule for another container does not match", [ExitCodes("FailJob", "In", 1, container: "sidecar")], Pod(exitCode: 1), null, true, false },
        { "a rule for the container that failed matches", [ExitCodes("FailJob", "In", 9, container: "second")], Pod(exitCode: 0, secondExitCode: 9), "FailJob", true, true },
        { "init containers are looked at too", [ExitCodes("FailIndex", "In", 4)], Pod(exitCode: null, initExitCode: 4), "FailIndex", true, false },
        { "a pod condition matches by type and status", [Conditions("Ignore", "DisruptionTarget")], Pod(exitCode: 1, condition: "DisruptionTarget"), "Ignore", false, false },
        { "a pod condition FailJob", [Conditions("FailJob", "DisruptionTarget")], Pod(exitCode: 1, condition: "DisruptionTarget"), "FailJob", true, true },
        { "a condition with another status does not match", [Conditions("Ignore", "DisruptionTarget", "False")], Pod(exitCode: 1, condition: "DisruptionTarget"), null, true, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Match_FollowsTheFirstMatchingRule(string because, V1PodFailurePolicyRule[] rules, V1Pod pod, string? action, bool counts, bool failsJob)
    {
        var match = PodFailurePolicies.Match(new V1PodFailurePolicy { Rules = rules }, pod);

        Assert.True((action, counts, failsJob) == (match.Action, match.CountsAsFailure, match.FailJobMessage is not null), because);
    }

    [Fact]
    public void Match_FailJobMessages_AreKubes()
    {
        var byExitCode = PodFailurePolicies.Match(new V1PodFailurePolicy { Rules = [ExitCodes("Count", "In", 3), ExitCodes("FailJob", "In", 42)] }, Pod(exitCode: 42));
        var byCondition = PodFailurePolicies.Match(new V1PodFailurePolicy { Rules = [Conditions("FailJob", "DisruptionTarget")] }, Pod(exitCode: 1, condition: "DisruptionTarget"));

        Assert.Equal("Container main for pod ns/p-1 failed with exit code 42 matching FailJob rule at index 1", byExitCode.FailJobMessage);
        Assert.Equal("Pod ns/p-1 has condition DisruptionTarget matching FailJob rule at index 0", byCondition.FailJobMessage);
    }

    [Fact]
    public void Match_WithoutPolicy_CountsTheFailure()
    {
        Assert.Equal(PodFailurePolicyMatch.None, PodFailurePolicies.Match(null, Pod(exitCode: 1)));
    }

    private static V1PodFailurePolicyRule ExitCodes(string action, string op, int value, int? other = null, string? container = null) => new()
    {
        Action = action,
        OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement { OperatorProperty = op, Values = other is { } o ? [value, o] : [value], ContainerName = container },
    };

    private static V1PodFailurePolicyRule ExitCodes(string action, string op, int value, string container) => ExitCodes(action, op, value, null, container);

    private static V1PodFailurePolicyRule Conditions(string action, string type, string status = "True") => new()
    {
        Action = action,
        OnPodConditions = [new V1PodFailurePolicyOnPodConditionsPattern { Type = type, Status = status }],
    };

    private static V1Pod Pod(int? exitCode, int? secondExitCode = null, int? initExitCode = null, string? condition = null)
    {
        var containers = new List<V1ContainerStatus>();
        if (exitCode is { } code)
        {
            containers.Add(Terminated("main", code));
        }
        if (secondExitCode is { } second)
        {
            containers.Add(Terminated("second", second));
        }
        return new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p-1", NamespaceProperty = "ns" },
            Status = new V1PodStatus
            {
                Phase = "Failed",
                ContainerStatuses = containers,
                InitContainerStatuses = initExitCode is { } init ? [Terminated("init", init)] : null,
                Conditions = condition is null ? null : [new V1PodCondition { Type = condition, Status = "True" }],
            },
        };
    }

    private static V1ContainerStatus Terminated(string name, int exitCode) =>
        new() { Name = name, State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = exitCode } } };
}
