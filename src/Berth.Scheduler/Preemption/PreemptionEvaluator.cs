using Berth.Scheduler.Algorithm;
using Berth.Scheduler.Framework;
using k8s.Models;

namespace Berth.Scheduler.Preemption;

/// <summary>
/// DefaultPreemption over a snapshot (kube's preemption.Evaluator with the default plugin): on the
/// nodes where removing pods could help (those not failed as UnschedulableAndUnresolvable), remove
/// every lower-priority pod, check the pod fits, then give back as many as still let it fit, most
/// important first and budget-violating ones before the others; among the nodes that work, choose
/// the fewest budget violations, then the lowest highest victim priority, the smallest priority sum,
/// the fewest victims, the latest start of the most important victims. Pure: the caller deletes
/// the victims and nominates the node.
/// </summary>
public sealed class PreemptionEvaluator(SchedulingAlgorithm algorithm, TimeProvider time, Random? random = null)
{
    public const string NoVictims = "No preemption victims found for incoming pod";
    public const string NotHelpful = "Preemption is not helpful for scheduling";
    public const int MinCandidateNodesPercentage = 10;
    public const int MinCandidateNodesAbsolute = 100;

    private readonly Random _random = random ?? Random.Shared;

    public PreemptionResult Preempt(ScheduleResult failed, ClusterSnapshot snapshot)
    {
        var pod = failed.Pod;
        var diagnosis = failed.FitError?.Diagnosis ?? new Diagnosis();
        if (Ineligible(pod, diagnosis, snapshot) is { } reason)
        {
            return PreemptionResult.NotEligible(reason);
        }
        var statuses = new Diagnosis { AbsentNodesStatus = Status.Unresolvable(NotHelpful) };
        var potential = snapshot.Nodes.Where(n => diagnosis.StatusOf(n.Name).Code != StatusCode.UnschedulableAndUnresolvable).ToList();
        if (potential.Count == 0 || failed.State is null)
        {
            return PreemptionResult.NotHelpful(new FitError(snapshot.NodeCount, statuses));
        }
        var candidates = DryRun(failed.State, pod, potential, snapshot, statuses);
        if (candidates.Count == 0)
        {
            return PreemptionResult.NotHelpful(new FitError(snapshot.NodeCount, statuses));
        }
        var chosen = Pick(candidates);
        var lowerNominated = snapshot.NominatedPods(chosen.Node).Where(p => p.Priority < pod.Priority && p.Uid != pod.Uid).ToList();
        return new PreemptionResult(chosen, lowerNominated, "", ClearsNomination: false);
    }

    /// <summary>
    /// The victims that make room for the pod on a copy of the node, with the number of budget
    /// violations; a failure status when even removing every lower-priority pod does not help.
    /// </summary>
    public (List<PodInfo> Victims, int Violations, FilterOutcome Outcome) SelectVictimsOnNode(CycleState state, PodInfo pod, NodeInfo node, ClusterSnapshot snapshot)
    {
        var potential = node.Pods.Where(p => p.Priority < pod.Priority).ToList();
        foreach (var victim in potential)
        {
            algorithm.RemovePod(state, pod, victim, node, snapshot);
        }
        if (potential.Count == 0)
        {
            return ([], 0, new FilterOutcome(Status.Unresolvable(NoVictims), "DefaultPreemption"));
        }
        var outcome = algorithm.FilterWithNominatedPods(state, pod, node, snapshot);
        if (!outcome.IsSuccess)
        {
            return ([], 0, outcome);
        }
        var importance = new PodImportance(time.GetUtcNow().UtcDateTime);
        potential.Sort(importance);
        var (violating, nonViolating) = DisruptionBudgets.Split(potential, snapshot.DisruptionBudgets.Values);
        var victims = new List<PodInfo>();
        var violations = 0;
        foreach (var (group, counts) in (ReadOnlySpan<(List<PodInfo>, bool)>)[(violating, true), (nonViolating, false)])
        {
            foreach (var candidate in group)
            {
                algorithm.AddPod(state, pod, candidate, node, snapshot);
                if (!algorithm.FilterWithNominatedPods(state, pod, node, snapshot).IsSuccess)
                {
                    algorithm.RemovePod(state, pod, candidate, node, snapshot);
                    victims.Add(candidate);
                    violations += counts ? 1 : 0;
                }
            }
        }
        if (violating.Count > 0 && nonViolating.Count > 0)
        {
            victims.Sort(importance);
        }
        return (victims, violations, FilterOutcome.Passed);
    }

    /// <summary>The pod may not preempt: its policy says Never, or its earlier victims are still terminating.</summary>
    private static string? Ineligible(PodInfo pod, Diagnosis diagnosis, ClusterSnapshot snapshot)
    {
        if (pod.Pod.Spec?.PreemptionPolicy == "Never")
        {
            return "not eligible due to preemptionPolicy=Never.";
        }
        if (pod.NominatedNodeName is not { } nominated || diagnosis.StatusOf(nominated).Code == StatusCode.UnschedulableAndUnresolvable)
        {
            return null;
        }
        var terminating = snapshot.Get(nominated)?.Pods.Any(p => p.Priority < pod.Priority && TerminatingByPreemption(p.Pod)) == true;
        return terminating ? "not eligible due to a terminating pod on the nominated node." : null;
    }

    private static bool TerminatingByPreemption(V1Pod pod) =>
        pod.Metadata.DeletionTimestamp is not null
        && pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "DisruptionTarget") is { Status: "True", Reason: "PreemptionByScheduler" };

    /// <summary>Tries nodes from a random offset until enough candidates are found (10% of the nodes, at least 100).</summary>
    private List<Candidate> DryRun(CycleState state, PodInfo pod, List<NodeInfo> potential, ClusterSnapshot snapshot, Diagnosis statuses)
    {
        var wanted = Math.Min(Math.Max(potential.Count * MinCandidateNodesPercentage / 100, MinCandidateNodesAbsolute), potential.Count);
        var offset = _random.Next(potential.Count);
        var nonViolating = new List<Candidate>();
        var violating = new List<Candidate>();
        for (var i = 0; i < potential.Count; i++)
        {
            var node = potential[(offset + i) % potential.Count].Clone();
            var (victims, violations, outcome) = SelectVictimsOnNode(state.Clone(), pod, node, snapshot);
            if (outcome.IsSuccess && victims.Count > 0)
            {
                (violations == 0 ? nonViolating : violating).Add(new Candidate(node.Name, victims, violations));
                if (nonViolating.Count > 0 && nonViolating.Count + violating.Count >= wanted)
                {
                    break;
                }
                continue;
            }
            var status = outcome.IsSuccess ? Status.Failure($"expected at least one victim pod on node \"{node.Name}\"") : outcome.Status;
            statuses.Set(node.Name, status, outcome.Plugin);
        }
        return [.. nonViolating, .. violating];
    }

    /// <summary>kube's pickOneNodeForPreemption: each rule keeps the best-scoring candidates until one is left; then the first.</summary>
    private Candidate Pick(List<Candidate> candidates)
    {
        var importance = new PodImportance(time.GetUtcNow().UtcDateTime);
        Func<Candidate, long>[] rules =
        [
            c => -c.PdbViolations,
            c => -(long)c.Victims[0].Priority,
            c => -c.Victims.Sum(v => (long)v.Priority + int.MaxValue + 1L),
            c => -c.Victims.Count,
            c => EarliestStartOfMostImportant(c, importance).Ticks,
        ];
        IReadOnlyList<Candidate> remaining = candidates;
        foreach (var rule in rules)
        {
            var best = remaining.Max(rule);
            remaining = [.. remaining.Where(c => rule(c) == best)];
            if (remaining.Count == 1)
            {
                break;
            }
        }
        return remaining[0];
    }

    private static DateTime EarliestStartOfMostImportant(Candidate candidate, PodImportance importance)
    {
        var top = candidate.Victims.Max(v => v.Priority);
        return candidate.Victims.Where(v => v.Priority == top).Min(importance.StartTime);
    }
}
