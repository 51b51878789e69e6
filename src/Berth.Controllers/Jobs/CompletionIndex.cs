using System.Globalization;
using k8s.Models;

namespace Berth.Controllers.Jobs;

/// <summary>
/// The completion index of an Indexed Job's pods: an annotation and a label
/// (<c>batch.kubernetes.io/job-completion-index</c>), the JOB_COMPLETION_INDEX variable read from
/// the label, the hostname <c>JOB-N</c> and the name prefix <c>JOB-N-</c>.
/// </summary>
public static class CompletionIndex
{
    public const string Key = "batch.kubernetes.io/job-completion-index";
    public const string EnvName = "JOB_COMPLETION_INDEX";

    /// <summary>kube's names.MaxGeneratedNameLength: 63 less the 5 random characters.</summary>
    private const int MaxGeneratedNameLength = 58;

    /// <summary>The pod's index, or null when it has none that parses as a non-negative number.</summary>
    public static int? Of(V1Pod pod) =>
        pod.Metadata.Annotations?.TryGetValue(Key, out var text) == true
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;

    /// <summary>The index, when valid for a Job of <paramref name="completions"/>.</summary>
    public static int? Valid(V1Pod pod, int completions) => Of(pod) is { } index && index < completions ? index : null;

    /// <summary>Every container reads JOB_COMPLETION_INDEX from the pod's index label (unless it sets it itself).</summary>
    public static void AddEnv(V1PodTemplateSpec template)
    {
        foreach (var container in (template.Spec.InitContainers ?? []).Concat(template.Spec.Containers ?? []))
        {
            container.Env ??= [];
            if (container.Env.Any(e => e.Name == EnvName))
            {
                continue;
            }
            container.Env.Add(new V1EnvVar
            {
                Name = EnvName,
                ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = $"metadata.labels['{Key}']" } },
            });
        }
    }

    /// <summary>Marks a template copy with its index: annotation, label and hostname.</summary>
    public static void Mark(V1PodTemplateSpec template, string jobName, int index)
    {
        var text = index.ToString(CultureInfo.InvariantCulture);
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Annotations ??= new Dictionary<string, string>();
        template.Metadata.Annotations[Key] = text;
        template.Metadata.Labels ??= new Dictionary<string, string>();
        template.Metadata.Labels[Key] = text;
        template.Spec.Hostname = $"{jobName}-{text}";
    }

    public static string GenerateName(string jobName, int index)
    {
        var suffix = $"-{index.ToString(CultureInfo.InvariantCulture)}-";
        var prefix = jobName + suffix;
        return prefix.Length > MaxGeneratedNameLength ? prefix[..(MaxGeneratedNameLength - suffix.Length)] + suffix : prefix;
    }

    /// <summary>
    /// Active pods an Indexed Job must remove whatever its counts (kube's
    /// appendDuplicatedIndexPodsForRemoval): pods without a valid index and all but the best-ranked
    /// pod of each repeated index. Returns those and the rest.
    /// </summary>
    public static (List<V1Pod> Remove, List<V1Pod> Keep) Duplicates(IReadOnlyList<V1Pod> active, int completions)
    {
        var remove = new List<V1Pod>();
        var keep = new List<V1Pod>();
        foreach (var group in active.GroupBy(p => Valid(p, completions)))
        {
            if (group.Key is null)
            {
                remove.AddRange(group);
                continue;
            }
            var ranked = Pods.PodDeletionOrder.Order(group.ToList());
            remove.AddRange(ranked.Take(ranked.Count - 1));
            keep.Add(ranked[^1]);
        }
        return (remove, keep);
    }
}
