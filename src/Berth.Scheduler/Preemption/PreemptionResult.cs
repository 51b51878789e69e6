using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Preemption;

/// <summary>
/// What preemption decided for a pod that fits nowhere: the node to nominate (with the victims to
/// delete there and the lower-priority pods whose nomination to that node must be cleared), or
/// why not. <see cref="Message"/> is the PostFilter message that ends the FailedScheduling event
/// ("preemption: …"; empty when a node was nominated). <see cref="ClearsNomination"/> says the
/// pod's own nominatedNodeName must be cleared.
/// </summary>
public sealed record PreemptionResult(Candidate? Chosen, IReadOnlyList<PodInfo> NominationsToClear, string Message, bool ClearsNomination)
{
    public static PreemptionResult NotEligible(string reason) => new(null, [], $"preemption: {reason}", ClearsNomination: false);

    public static PreemptionResult NotHelpful(FitError error) => new(null, [], $"preemption: {error.Message}", ClearsNomination: true);
}
