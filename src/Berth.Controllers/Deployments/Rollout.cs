using System.Globalization;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using Berth.Controllers.Machinery;
using Berth.Controllers.Pods;
using k8s.Models;

namespace Berth.Controllers.Deployments;

/// <summary>
/// One sync of one Deployment (kube's deployment sync, rolling, recreate and progress code): the
/// Deployment as read, the ReplicaSets it owns, and the steps that move them. Each step writes what
/// it changed and returns; the next sync, triggered by the changes it caused, takes the next step.
/// </summary>
internal sealed class Rollout(
    V1Deployment d,
    List<V1ReplicaSet> owned,
    ReplicaSetWriter writer,
    ResourceClient<V1Deployment, V1DeploymentList> deployments,
    Func<V1ReplicaSet, IReadOnlyList<V1Pod>> podsOf,
    TimeProvider time)
{
    private V1Deployment _d = d;

    private DateTime Now
    {
        get
        {
            var now = time.GetUtcNow().UtcDateTime;
            return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        }
    }

    public async Task<TimeSpan?> RollingUpdateAsync(CancellationToken cancellationToken)
    {
        var (newRs, oldRss) = await ReplicaSetsAsync(create: true, cancellationToken);
        if (newRs is not null)
        {
            var desired = RolloutMath.Replicas(_d);
            var current = newRs.Spec.Replicas ?? 0;
            var target = current > desired ? desired : RolloutMath.NewReplicaSetReplicas(_d, current + oldRss.Sum(RolloutMath.PodsHeld), current);
            if (target != current)
            {
                newRs = (await writer.ScaleAsync(_d, newRs, target, cancellationToken)).ReplicaSet;
                return await SyncRolloutStatusAsync(newRs, oldRss, cancellationToken);
            }
        }
        var (scaledDown, remaining) = await ScaleDownOldAsync(newRs, oldRss, cancellationToken);
        if (scaledDown)
        {
            return await SyncRolloutStatusAsync(newRs, remaining, cancellationToken);
        }
        if (DeploymentStatusCalculator.IsComplete(_d, DeploymentStatusCalculator.Calculate(_d, newRs, All(newRs, oldRss), Now)))
        {
            await CleanUpAsync(newRs, oldRss, cancellationToken);
        }
        return await SyncRolloutStatusAsync(newRs, oldRss, cancellationToken);
    }

    public async Task<TimeSpan?> RecreateAsync(CancellationToken cancellationToken)
    {
        var (newRs, oldRss) = await ReplicaSetsAsync(create: false, cancellationToken);
        var scaledDown = false;
        var remaining = new List<V1ReplicaSet>();
        foreach (var old in oldRss)
        {
            var (stored, scaled) = Size(old) > 0 ? await writer.ScaleAsync(_d, old, 0, cancellationToken) : (old, false);
            remaining.Add(stored);
            scaledDown |= scaled;
        }
        if (scaledDown || oldRss.Any(rs => podsOf(rs).Any(p => !PodConditions.IsTerminal(p))))
        {
            return await SyncRolloutStatusAsync(newRs, remaining, cancellationToken);
        }
        if (newRs is null)
        {
            (newRs, oldRss) = await ReplicaSetsAsync(create: true, cancellationToken);
        }
        newRs = (await writer.ScaleAsync(_d, newRs!, RolloutMath.Replicas(_d), cancellationToken)).ReplicaSet;
        if (DeploymentStatusCalculator.IsComplete(_d, DeploymentStatusCalculator.Calculate(_d, newRs, All(newRs, oldRss), Now)))
        {
            await CleanUpAsync(newRs, oldRss, cancellationToken);
        }
        return await SyncRolloutStatusAsync(newRs, oldRss, cancellationToken);
    }

    /// <summary>A paused Deployment, or a change of replicas only: resize without rolling.</summary>
    public async Task<TimeSpan?> ScaleAsync(CancellationToken cancellationToken)
    {
        var (newRs, oldRss) = await ReplicaSetsAsync(create: false, cancellationToken);
        var plan = ProportionalScaling.Plan(_d, newRs, oldRss);
        var scaled = new List<V1ReplicaSet>();
        foreach (var rs in All(newRs, oldRss))
        {
            var stored = plan.TryGetValue(rs.Metadata.Name, out var size) ? (await writer.ScaleAsync(_d, rs, size, cancellationToken)).ReplicaSet : rs;
            scaled.Add(stored);
        }
        newRs = newRs is null ? null : scaled.First(rs => rs.Metadata.Uid == newRs.Metadata.Uid);
        oldRss = scaled.Where(rs => rs.Metadata.Uid != newRs?.Metadata.Uid).ToList();
        if (_d.Spec.Paused == true)
        {
            await CleanUpAsync(newRs, oldRss, cancellationToken);
        }
        await WriteStatusAsync(DeploymentStatusCalculator.Calculate(_d, newRs, All(newRs, oldRss), Now), cancellationToken);
        return null;
    }

    public async Task SyncStatusOnlyAsync(CancellationToken cancellationToken)
    {
        var (newRs, oldRss) = await ReplicaSetsAsync(create: false, cancellationToken);
        await WriteStatusAsync(DeploymentStatusCalculator.Calculate(_d, newRs, All(newRs, oldRss), Now), cancellationToken);
    }

    /// <summary>A replicas change: some active ReplicaSet was sized for another desired count.</summary>
    public async Task<bool> IsScalingEventAsync(CancellationToken cancellationToken)
    {
        var (newRs, oldRss) = await ReplicaSetsAsync(create: false, cancellationToken);
        var desired = RolloutMath.Replicas(_d).ToString(CultureInfo.InvariantCulture);
        return All(newRs, oldRss).Where(rs => Size(rs) > 0)
            .Any(rs => rs.Metadata.Annotations?.TryGetValue(RevisionAnnotations.DesiredReplicas, out var annotated) == true && annotated != desired);
    }

    /// <summary>The Progressing condition says Paused or Resumed when spec.paused changes (kube's checkPausedConditions).</summary>
    public async Task CheckPausedConditionsAsync(CancellationToken cancellationToken)
    {
        if (!DeploymentStatusCalculator.HasProgressDeadline(_d))
        {
            return;
        }
        var current = DeploymentConditions.Get(_d.Status, DeploymentConditions.Progressing);
        if (current?.Reason == DeploymentConditions.ProgressDeadlineExceeded)
        {
            return;
        }
        var pausedShown = current?.Reason == DeploymentConditions.Paused;
        V1DeploymentCondition? condition = (_d.Spec.Paused == true, pausedShown) switch
        {
            (true, false) => DeploymentConditions.New(DeploymentConditions.Progressing, "Unknown", DeploymentConditions.Paused, "Deployment is paused", Now),
            (false, true) => DeploymentConditions.New(DeploymentConditions.Progressing, "Unknown", DeploymentConditions.Resumed, "Deployment is resumed", Now),
            _ => null,
        };
        if (condition is not null)
        {
            var status = Copy(_d.Status);
            DeploymentConditions.Set(status, condition);
            await WriteStatusAsync(status, cancellationToken, force: true);
        }
    }

    /// <summary>
    /// The new ReplicaSet (the one whose template equals the Deployment's, oldest first) and the old
    /// ones; brings the new one's revision annotations up to date and, when asked, creates it
    /// (kube's getAllReplicaSetsAndSyncRevision).
    /// </summary>
    private async Task<(V1ReplicaSet? New, List<V1ReplicaSet> Old)> ReplicaSetsAsync(bool create, CancellationToken cancellationToken)
    {
        var sorted = owned.OrderBy(rs => rs.Metadata.CreationTimestamp ?? DateTime.MinValue).ThenBy(rs => rs.Metadata.Name, StringComparer.Ordinal).ToList();
        var newRs = sorted.FirstOrDefault(rs => rs.Spec.Template is not null && TemplateHash.EqualIgnoringHash(rs.Spec.Template, _d.Spec.Template));
        var oldRss = sorted.Where(rs => rs != newRs).ToList();
        var newRevision = oldRss.Select(rs => RevisionAnnotations.RevisionOf(rs.Metadata)).DefaultIfEmpty(0).Max() + 1;
        if (newRs is not null)
        {
            newRs = await SyncExistingAsync(newRs, newRevision, cancellationToken);
        }
        else if (create)
        {
            newRs = await CreateNewAsync(oldRss, newRevision, cancellationToken);
        }
        owned = [.. oldRss.Append(newRs).OfType<V1ReplicaSet>()];
        return (newRs, oldRss);
    }

    private async Task<V1ReplicaSet> SyncExistingAsync(V1ReplicaSet newRs, long newRevision, CancellationToken cancellationToken)
    {
        var copy = ModelCopy.Clone(newRs, ModelJsonContext.Default.V1ReplicaSet);
        var annotated = RevisionAnnotations.SetOnNewReplicaSet(_d, copy, newRevision, existed: true, RolloutMath.MaxSurge(_d));
        if (annotated || (copy.Spec.MinReadySeconds ?? 0) != (_d.Spec.MinReadySeconds ?? 0))
        {
            copy.Spec.MinReadySeconds = _d.Spec.MinReadySeconds;
            newRs = await writer.Client.UpdateAsync(copy, cancellationToken);
        }
        await SetDeploymentRevisionAsync(newRs, cancellationToken);
        if (DeploymentStatusCalculator.HasProgressDeadline(_d) && DeploymentConditions.Get(_d.Status, DeploymentConditions.Progressing) is null)
        {
            var status = Copy(_d.Status);
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.FoundNewReplicaSet,
                $"Found new replica set \"{newRs.Metadata.Name}\"", Now));
            await WriteStatusAsync(status, cancellationToken, force: true);
        }
        return newRs;
    }

    private async Task<V1ReplicaSet?> CreateNewAsync(List<V1ReplicaSet> oldRss, long newRevision, CancellationToken cancellationToken)
    {
        var hash = TemplateHash.Compute(_d.Spec.Template, _d.Status?.CollisionCount);
        var template = ModelCopy.Clone(_d.Spec.Template, ModelJsonContext.Default.V1PodTemplateSpec);
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Labels = new Dictionary<string, string>(template.Metadata.Labels ?? new Dictionary<string, string>()) { [TemplateHash.Label] = hash };
        var selector = ModelCopy.Clone(_d.Spec.Selector, ModelJsonContext.Default.V1LabelSelector);
        selector.MatchLabels = new Dictionary<string, string>(selector.MatchLabels ?? new Dictionary<string, string>()) { [TemplateHash.Label] = hash };
        var rs = new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"{_d.Metadata.Name}-{hash}",
                NamespaceProperty = _d.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string>(template.Metadata.Labels),
                OwnerReferences = [ControllerRefs.To("apps/v1", DeploymentController.Kind, _d.Metadata)],
            },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = RolloutMath.NewReplicaSetReplicas(_d, oldRss.Sum(RolloutMath.PodsHeld), 0),
                MinReadySeconds = _d.Spec.MinReadySeconds,
                Selector = selector,
                Template = template,
            },
        };
        RevisionAnnotations.SetOnNewReplicaSet(_d, rs, newRevision, existed: false, RolloutMath.MaxSurge(_d));
        V1ReplicaSet created;
        try
        {
            created = await writer.Client.CreateAsync(rs, cancellationToken);
        }
        catch (ApiStatusException exists) when (exists.IsAlreadyExists)
        {
            return await ResolveCollisionAsync(rs, cancellationToken);
        }
        catch (ApiStatusException failed)
        {
            writer.Events.Warning(KubeResources.Deployments, _d, "FailedCreate", $"Failed to create new replica set \"{rs.Metadata.Name}\": {failed.Message}");
            if (DeploymentStatusCalculator.HasProgressDeadline(_d))
            {
                var failedStatus = Copy(_d.Status);
                DeploymentConditions.Set(failedStatus, DeploymentConditions.New(DeploymentConditions.Progressing, "False", "ReplicaSetCreateError",
                    $"Failed to create new replica set \"{rs.Metadata.Name}\": {failed.Message}", Now));
                await WriteStatusAsync(failedStatus, cancellationToken, force: true);
            }
            throw;
        }
        if ((created.Spec.Replicas ?? 0) > 0)
        {
            writer.Events.Normal(KubeResources.Deployments, _d, "ScalingReplicaSet", $"Scaled up replica set {created.Metadata.Name} from 0 to {created.Spec.Replicas}");
        }
        await SetDeploymentRevisionAsync(created, cancellationToken);
        if (DeploymentStatusCalculator.HasProgressDeadline(_d))
        {
            var status = Copy(_d.Status);
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.NewReplicaSetCreated,
                $"Created new replica set \"{created.Metadata.Name}\"", Now));
            await WriteStatusAsync(status, cancellationToken, force: true);
        }
        return created;
    }

    /// <summary>
    /// A ReplicaSet of that name exists: ours with this template (the cache lagged) is the new one;
    /// anything else is a hash collision, counted in status.collisionCount so the next sync hashes anew.
    /// </summary>
    private async Task<V1ReplicaSet> ResolveCollisionAsync(V1ReplicaSet wanted, CancellationToken cancellationToken)
    {
        var existing = await writer.Client.GetAsync(wanted.Metadata.NamespaceProperty, wanted.Metadata.Name, cancellationToken);
        if (ControllerRefs.IsControlledBy(existing.Metadata, _d.Metadata) && TemplateHash.EqualIgnoringHash(existing.Spec.Template, _d.Spec.Template))
        {
            return existing;
        }
        var status = Copy(_d.Status);
        status.CollisionCount = (status.CollisionCount ?? 0) + 1;
        await WriteStatusAsync(status, cancellationToken, force: true);
        throw new InvalidOperationException($"hash collision for replica set {wanted.Metadata.Name}; retrying with collisionCount {status.CollisionCount}");
    }

    /// <summary>The Deployment's revision annotation follows its new ReplicaSet's (what kubectl rollout history shows).</summary>
    private async Task SetDeploymentRevisionAsync(V1ReplicaSet newRs, CancellationToken cancellationToken)
    {
        var revision = RevisionAnnotations.Get(newRs.Metadata, RevisionAnnotations.Revision);
        if (revision is null || RevisionAnnotations.Get(_d.Metadata, RevisionAnnotations.Revision) == revision)
        {
            return;
        }
        var patch = "{\"metadata\":{\"annotations\":{\"" + RevisionAnnotations.Revision + "\":\"" + revision + "\"}}}";
        var status = _d.Status;
        _d = await deployments.PatchAsync(_d.Metadata.NamespaceProperty, _d.Metadata.Name, PatchType.Merge, patch, cancellationToken);
        _d.Status = status;
    }

    /// <summary>
    /// Shrinks old ReplicaSets as far as maxUnavailable allows: first their unavailable pods, then
    /// available ones above the minimum (kube's reconcileOldReplicaSets).
    /// </summary>
    private async Task<(bool Scaled, List<V1ReplicaSet> Old)> ScaleDownOldAsync(V1ReplicaSet? newRs, List<V1ReplicaSet> oldRss, CancellationToken cancellationToken)
    {
        if (oldRss.Sum(Size) == 0)
        {
            return (false, oldRss);
        }
        var maxScaledDown = RolloutMath.MaxScaledDown(_d, All(newRs, oldRss).Sum(Size), newRs is null ? 0 : Size(newRs), newRs?.Status?.AvailableReplicas ?? 0);
        if (maxScaledDown <= 0)
        {
            return (false, oldRss);
        }
        var current = oldRss.OrderBy(rs => rs.Metadata.CreationTimestamp ?? DateTime.MinValue).ToList();
        var scaled = 0;
        for (var i = 0; i < current.Count && scaled < maxScaledDown; i++)
        {
            var unhealthy = Size(current[i]) - (current[i].Status?.AvailableReplicas ?? 0);
            if (Size(current[i]) == 0 || unhealthy <= 0)
            {
                continue;
            }
            var count = Math.Min(maxScaledDown - scaled, unhealthy);
            current[i] = (await writer.ScaleAsync(_d, current[i], Size(current[i]) - count, cancellationToken)).ReplicaSet;
            scaled += count;
        }
        var minAvailable = RolloutMath.Replicas(_d) - RolloutMath.MaxUnavailable(_d);
        var available = All(newRs, current).Sum(RolloutMath.AvailableAfterScaling);
        var toScaleDown = available - minAvailable;
        var scaledAvailable = 0;
        for (var i = 0; i < current.Count && scaledAvailable < toScaleDown; i++)
        {
            if (Size(current[i]) == 0)
            {
                continue;
            }
            var count = Math.Min(Size(current[i]), toScaleDown - scaledAvailable);
            current[i] = (await writer.ScaleAsync(_d, current[i], Size(current[i]) - count, cancellationToken)).ReplicaSet;
            scaledAvailable += count;
        }
        return (scaled + scaledAvailable > 0, current);
    }

    /// <summary>Deletes the oldest empty old ReplicaSets beyond revisionHistoryLimit.</summary>
    private async Task CleanUpAsync(V1ReplicaSet? newRs, List<V1ReplicaSet> oldRss, CancellationToken cancellationToken)
    {
        if (_d.Spec.RevisionHistoryLimit is not { } limit)
        {
            return;
        }
        var cleanable = oldRss
            .Where(rs => rs.Metadata.Uid != newRs?.Metadata.Uid && rs.Metadata.DeletionTimestamp is null
                && Size(rs) == 0 && (rs.Status?.Replicas ?? 0) == 0 && rs.Metadata.Generation == rs.Status?.ObservedGeneration)
            .OrderBy(rs => RevisionAnnotations.RevisionOf(rs.Metadata))
            .ThenBy(rs => rs.Metadata.CreationTimestamp ?? DateTime.MinValue)
            .ToList();
        foreach (var rs in cleanable.Take(cleanable.Count - limit))
        {
            await writer.DeleteAsync(rs, cancellationToken);
        }
    }

    private async Task<TimeSpan?> SyncRolloutStatusAsync(V1ReplicaSet? newRs, List<V1ReplicaSet> oldRss, CancellationToken cancellationToken)
    {
        var now = Now;
        var status = DeploymentStatusCalculator.Calculate(_d, newRs, All(newRs, oldRss), now);
        var recheck = DeploymentStatusCalculator.SetProgress(_d, newRs, status, now);
        await WriteStatusAsync(status, cancellationToken);
        return recheck;
    }

    private async Task WriteStatusAsync(V1DeploymentStatus status, CancellationToken cancellationToken, bool force = false)
    {
        if (!force && DeploymentStatusCalculator.Equal(_d.Status, status))
        {
            return;
        }
        _d.Status = status;
        _d = await deployments.UpdateStatusAsync(_d, cancellationToken);
    }

    private static V1DeploymentStatus Copy(V1DeploymentStatus? status) =>
        status is null ? new V1DeploymentStatus() : ModelCopy.Clone(status, ModelJsonContext.Default.V1DeploymentStatus);

    private static int Size(V1ReplicaSet rs) => rs.Spec.Replicas ?? 0;

    private static List<V1ReplicaSet> All(V1ReplicaSet? newRs, IEnumerable<V1ReplicaSet> oldRss) => [.. oldRss.Append(newRs).OfType<V1ReplicaSet>()];
}
