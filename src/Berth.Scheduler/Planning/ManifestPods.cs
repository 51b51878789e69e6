using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Client.Rest;
using k8s.Models;

namespace Berth.Scheduler.Planning;

/// <summary>
/// The pods a manifest would make, as the API server would admit them: each object and each pod
/// goes through a server-side dry run (defaults, validation, admission such as the default
/// tolerations), so the plan schedules what would really be stored. A Pod is itself; a
/// Deployment, ReplicaSet or StatefulSet makes spec.replicas pods, a Job spec.parallelism.
/// </summary>
public sealed class ManifestPods(ApiClient client, string defaultNamespace)
{
    public async Task<IReadOnlyList<V1Pod>> FromAsync(IEnumerable<JsonNode> documents, CancellationToken cancellationToken)
    {
        var pods = new List<V1Pod>();
        foreach (var document in documents)
        {
            var kind = (document as JsonObject)?["kind"]?.GetValue<string>() ?? throw new PlanException("a manifest document has no kind");
            switch (kind)
            {
                case "Pod":
                    pods.Add(await DryRunAsync(KubeResources.Pods, document, cancellationToken));
                    break;
                case "Deployment":
                    pods.AddRange(await WorkloadPodsAsync(KubeResources.Deployments, document, d => (d.Spec.Template, d.Spec.Replicas ?? 1), cancellationToken));
                    break;
                case "ReplicaSet":
                    pods.AddRange(await WorkloadPodsAsync(KubeResources.ReplicaSets, document, rs => (rs.Spec.Template, rs.Spec.Replicas ?? 1), cancellationToken));
                    break;
                case "StatefulSet":
                    pods.AddRange(await WorkloadPodsAsync(KubeResources.StatefulSets, document, set => (set.Spec.Template, set.Spec.Replicas ?? 1), cancellationToken));
                    break;
                case "Job":
                    pods.AddRange(await WorkloadPodsAsync(KubeResources.Jobs, document, job => (job.Spec.Template, job.Spec.Parallelism ?? 1), cancellationToken));
                    break;
                default:
                    throw new PlanException($"kind {kind} is not planned (Pod, Deployment, ReplicaSet, StatefulSet and Job are)");
            }
        }
        return pods;
    }

    /// <summary>The workload as the server would admit it, then the pods its template makes (how many, the workload says).</summary>
    private async Task<IReadOnlyList<V1Pod>> WorkloadPodsAsync<T, TList>(
        ApiResource<T, TList> resource, JsonNode document, Func<T, (V1PodTemplateSpec Template, int Count)> pods, CancellationToken cancellationToken)
        where T : class, k8s.IKubernetesObject<V1ObjectMeta>
        where TList : class, k8s.IKubernetesObject<V1ListMeta>, IItems<T>
    {
        var workload = await DryRunAsync(resource, document, cancellationToken);
        var (template, count) = pods(workload);
        return await FromTemplateAsync(workload.Metadata, template, count, cancellationToken);
    }

    private Task<T> DryRunAsync<T, TList>(ApiResource<T, TList> resource, JsonNode document, CancellationToken cancellationToken)
        where T : class, k8s.IKubernetesObject<V1ObjectMeta>
        where TList : class, k8s.IKubernetesObject<V1ListMeta>, IItems<T> =>
        DryRunAsync(resource, document.Deserialize(resource.Json) ?? throw new PlanException("a manifest document is empty"), cancellationToken);

    private async Task<T> DryRunAsync<T, TList>(ApiResource<T, TList> resource, T obj, CancellationToken cancellationToken)
        where T : class, k8s.IKubernetesObject<V1ObjectMeta>
        where TList : class, k8s.IKubernetesObject<V1ListMeta>, IItems<T>
    {
        obj.Metadata ??= new V1ObjectMeta();
        obj.Metadata.NamespaceProperty ??= defaultNamespace;
        try
        {
            return await client.For(resource).CreateAsync(obj, cancellationToken, dryRun: true);
        }
        catch (ApiStatusException ex) when (ex.Code is 400 or 404 or 409 or 422)
        {
            throw new PlanException(ex.Message);
        }
    }

    private async Task<IReadOnlyList<V1Pod>> FromTemplateAsync(V1ObjectMeta owner, V1PodTemplateSpec template, int count, CancellationToken cancellationToken)
    {
        var pods = new List<V1Pod>();
        for (var i = 0; i < count; i++)
        {
            var pod = new V1Pod
            {
                Metadata = new V1ObjectMeta
                {
                    GenerateName = $"{owner.Name}-",
                    NamespaceProperty = owner.NamespaceProperty,
                    Labels = template.Metadata?.Labels,
                    Annotations = template.Metadata?.Annotations,
                },
                Spec = template.Spec,
            };
            pods.Add(await DryRunAsync(KubeResources.Pods, pod, cancellationToken));
        }
        return pods;
    }
}
