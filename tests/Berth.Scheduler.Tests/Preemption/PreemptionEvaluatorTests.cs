using Berth.Scheduler.Algorithm;
using Berth.Scheduler.Framework;
using Berth.Scheduler.Preemption;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Scheduler.Tests.Preemption;

/// <summary>After kube's defaultpreemption tests: which node, which victims, and the words of the failure.</summary>
public class PreemptionEvaluatorTests
{
    private static readonly DateTime Now = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    private static (SchedulingAlgorithm, PreemptionEvaluator) Evaluator()
    {
        var algorithm = new SchedulingAlgorithm(Profile.Default(ScoringStrategy.LeastAllocated), new SchedulerOptions(), new Random(1));
        return (algorithm, new PreemptionEvaluator(algorithm, new FakeTimeProvider(Now), new Random(1)));
    }

    private static (ScheduleResult, PreemptionResult) Run(PodInfo pod, ClusterSnapshot snapshot)
    {
        var (algorithm, evaluator) = Evaluator();
        var failed = algorithm.Schedule(pod, snapshot);
        Assert.False(failed.Succeeded);
        return (failed, evaluator.Preempt(failed, snapshot));
    }

    [Fact]
    public void Preempt_NoLowerPriorityPods_NoVictimsOnAnyNode()
    {
        var snapshot = Snapshots.Of(new[] { "n1", "n2", "n3" }.Select(n => new MakeNode(n).Capacity("cpu=1,memory=4Gi,pods=110").Obj()));

        var (failed, result) = Run(new MakePod().Req("cpu=2").Info(), snapshot);
        failed.FitError!.Diagnosis.PostFilterMessage = result.Message;

        Assert.Null(result.Chosen);
        Assert.True(result.ClearsNomination);
        Assert.Equal("0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.", failed.Message);
    }

    [Fact]
    public void Preempt_UnresolvableNodes_PreemptionIsNotHelpfulThere()
    {
        var snapshot = Snapshots.Of(
        [
            new MakeNode("cp").Taint("node-role.kubernetes.io/control-plane", "NoSchedule").Obj(),
            new MakeNode("w1").Capacity("cpu=1,memory=4Gi,pods=110").Obj(),
            new MakeNode("w2").Capacity("cpu=1,memory=4Gi,pods=110").Obj(),
        ]);

        var (failed, result) = Run(new MakePod().Req("cpu=2").Info(), snapshot);
        failed.FitError!.Diagnosis.PostFilterMessage = result.Message;

        Assert.Equal(
            "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
            failed.Message);
    }

    [Fact]
    public void Preempt_PreemptNever_NotEligible()
    {
        var snapshot = Snapshots.Of([new MakeNode("n").Capacity("cpu=1,memory=4Gi,pods=110").Obj()], [new MakePod("low").Req("cpu=1").Priority(1).Node("n").Obj()]);

        var (_, result) = Run(new MakePod().Req("cpu=1").Priority(100).PreemptNever().Info(), snapshot);

        Assert.Equal("preemption: not eligible due to preemptionPolicy=Never.", result.Message);
        Assert.False(result.ClearsNomination);
    }

    [Fact]
    public void Preempt_ChoosesTheNodeWithTheLowestPriorityVictims()
    {
        var snapshot = Snapshots.Of(new[] { "n1", "n2" }.Select(n => new MakeNode(n).Capacity("cpu=2,memory=4Gi,pods=110").Obj()),
        [
            new MakePod("mid").Req("cpu=2").Priority(50).Node("n1").Obj(),
            new MakePod("low").Req("cpu=2").Priority(10).Node("n2").Obj(),
        ]);

        var (_, result) = Run(new MakePod().Req("cpu=1").Priority(100).Info(), snapshot);

        Assert.Equal("n2", result.Chosen!.Node);
        Assert.Equal(["low"], result.Chosen.Victims.Select(v => v.Name));
        Assert.Equal("", result.Message);
    }

    [Fact]
    public void Preempt_KeepsAsManyPodsAsStillLetThePodFit()
    {
        // 4 CPU; three pods of 1 CPU (priorities 10, 20, 30) plus one of priority 200: a 2 CPU pod needs two gone; the most important low pod stays.
        var snapshot = Snapshots.Of([new MakeNode("n").Capacity("cpu=4,memory=4Gi,pods=110").Obj()],
        [
            new MakePod("p10").Req("cpu=1").Priority(10).Node("n").Obj(),
            new MakePod("p20").Req("cpu=1").Priority(20).Node("n").Obj(),
            new MakePod("p30").Req("cpu=1").Priority(30).Node("n").Obj(),
            new MakePod("p200").Req("cpu=1").Priority(200).Node("n").Obj(),
        ]);

        var (_, result) = Run(new MakePod().Req("cpu=2").Priority(100).Info(), snapshot);

        Assert.Equal(["p20", "p10"], result.Chosen!.Victims.Select(v => v.Name));
    }

    [Fact]
    public void Preempt_EqualPriorityVictims_FewerVictimsWins()
    {
        var snapshot = Snapshots.Of(new[] { "n1", "n2" }.Select(n => new MakeNode(n).Capacity("cpu=2,memory=4Gi,pods=110").Obj()),
        [
            new MakePod("a1").Req("cpu=1").Priority(10).Node("n1").Obj(),
            new MakePod("a2").Req("cpu=1").Priority(10).Node("n1").Obj(),
            new MakePod("b1").Req("cpu=2").Priority(10).Node("n2").Obj(),
        ]);

        var (_, result) = Run(new MakePod().Req("cpu=2").Priority(100).Info(), snapshot);

        Assert.Equal("n2", result.Chosen!.Node);
    }

    [Fact]
    public void Preempt_LatestStartedVictimsWinTheLastTie()
    {
        var snapshot = Snapshots.Of(new[] { "n1", "n2" }.Select(n => new MakeNode(n).Capacity("cpu=1,memory=4Gi,pods=110").Obj()),
        [
            new MakePod("old").Req("cpu=1").Priority(10).StartTime(Now.AddHours(-2)).Node("n1").Obj(),
            new MakePod("new").Req("cpu=1").Priority(10).StartTime(Now.AddMinutes(-5)).Node("n2").Obj(),
        ]);

        var (_, result) = Run(new MakePod().Req("cpu=1").Priority(100).Info(), snapshot);

        Assert.Equal("n2", result.Chosen!.Node);
    }

    [Fact]
    public void Preempt_AvoidsViolatingADisruptionBudget()
    {
        var snapshot = Snapshots.Of(new[] { "n1", "n2" }.Select(n => new MakeNode(n).Capacity("cpu=1,memory=4Gi,pods=110").Obj()),
        [
            new MakePod("guarded").Label("app", "db").Req("cpu=1").Priority(5).Node("n1").Obj(),
            new MakePod("free").Label("app", "web").Req("cpu=1").Priority(10).Node("n2").Obj(),
        ]);
        snapshot.DisruptionBudgets["default/db"] = new V1PodDisruptionBudget
        {
            Metadata = new V1ObjectMeta { Name = "db", NamespaceProperty = "default" },
            Spec = new V1PodDisruptionBudgetSpec { Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "db" } } },
            Status = new V1PodDisruptionBudgetStatus { DisruptionsAllowed = 0 },
        };

        var (_, result) = Run(new MakePod().Req("cpu=1").Priority(100).Info(), snapshot);

        Assert.Equal(("n2", 0), (result.Chosen!.Node, result.Chosen.PdbViolations));
    }

    [Fact]
    public void Preempt_AntiAffinityToALowerPriorityPod_RemovingItHelps()
    {
        var snapshot = Snapshots.Of([new MakeNode("n").Obj()], [new MakePod("rival").Label("app", "web").Priority(1).Node("n").Obj()]);

        var (failed, result) = Run(new MakePod().Label("app", "web").PodAntiAffinity("kubernetes.io/hostname", "app", "web").Priority(100).Info(), snapshot);

        Assert.Equal("0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules.", failed.Message);
        Assert.Equal(["rival"], result.Chosen!.Victims.Select(v => v.Name));
    }

    [Fact]
    public void Preempt_LowerPriorityPodsNominatedToTheNode_LoseTheirNomination()
    {
        var snapshot = Snapshots.Of([new MakeNode("n").Capacity("cpu=1,memory=4Gi,pods=110").Obj()], [new MakePod("low").Req("cpu=1").Priority(1).Node("n").Obj()]);
        var waiting = new MakePod("waiting").Req("cpu=100m").Priority(50).NominatedNode("n").Info();
        snapshot.Nominate(waiting, "n");

        var (_, result) = Run(new MakePod().Req("cpu=1").Priority(100).Info(), snapshot);

        Assert.Equal(["waiting"], result.NominationsToClear.Select(p => p.Name));
    }

    [Fact]
    public void Preempt_VictimsStillTerminating_NotEligibleAgain()
    {
        var terminating = new MakePod("victim").Req("cpu=1").Priority(1).Node("n").Terminating().Obj();
        terminating.Status.Conditions = [new V1PodCondition { Type = "DisruptionTarget", Status = "True", Reason = "PreemptionByScheduler" }];
        var snapshot = Snapshots.Of([new MakeNode("n").Capacity("cpu=1,memory=4Gi,pods=110").Obj()], [terminating]);

        var (_, result) = Run(new MakePod().Req("cpu=1").Priority(100).NominatedNode("n").Info(), snapshot);

        Assert.Equal("preemption: not eligible due to a terminating pod on the nominated node.", result.Message);
    }
}
