using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Client.Rest;
using Berth.Client.Serialization;
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
    private static ModelJsonContext Json => ModelJsonContext.Default;

    public async Task<IReadOnlyList<V1Pod>> FromAsync(IEnumerable<JsonNode> documents, CancellationToken cancellationToken)
    {
        var pods = new List<V1Pod>();
        foreach (var document in documents)
        {
            var kind = (document as JsonObject)?["kind"]?.GetValue<string>() ?? throw new PlanException("a manifest document has no kind");
            switch (kind)
            {
                case "Pod":
                    pods.Add(await AdmitAsync(Read(document, Json.V1Pod), cancellationToken));
                    break;
                case "Deployment":
                    var deployment = await DryRunAsync(KubeResources.Deployments, Read(document, Json.V1Deployment), cancellationToken);
                    pods.AddRange(await FromTemplateAsync(deployment.Metadata, deployment.Spec.Template, deployment.Spec.Replicas ?? 1, cancellationToken));
                    break;
                case "ReplicaSet":
                    var rs = await DryRunAsync(KubeResources.ReplicaSets, Read(document, Json.V1ReplicaSet), cancellationToken);
                    pods.AddRange(await FromTemplateAsync(rs.Metadata, rs.Spec.Template, rs.Spec.Replicas ?? 1, cancellationToken));
                    break;
                case "StatefulSet":
                    var set = await DryRunAsync(KubeResources.StatefulSets, Read(document, Json.V1StatefulSet), cancellationToken);
                    pods.AddRange(await FromTemplateAsync(set.Metadata, set.Spec.Template, set.Spec.Replicas ?? 1, cancellationToken));
                    break;
                case "Job":
                    var job = await DryRunAsync(KubeResources.Jobs, Read(document, Json.V1Job), cancellationToken);
                    pods.AddRange(await FromTemplateAsync(job.Metadata, job.Spec.Template, job.Spec.Parallelism ?? 1, cancellationToken));
                    break;
                default:
                    throw new PlanException($"kind {kind} is not planned (Pod, Deployment, ReplicaSet, StatefulSet and Job are)");
            }
        }
        return pods;
    }

    private static T Read<T>(JsonNode document, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        document.Deserialize(type) ?? throw new PlanException("a manifest document is empty");

    private async Task<T> DryRunAsync<T, TList>(ApiResource<T, TList> resource, T obj, CancellationToken cancellationToken)
        where T : class, k8s.IKubernetesObject<V1ObjectMeta>
        where TList : class, k8s.IKubernetesObject<V1ListMeta>, IItems<T>
    {
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

    private Task<V1Pod> AdmitAsync(V1Pod pod, CancellationToken cancellationToken) => DryRunAsync(KubeResources.Pods, pod, cancellationToken);

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
            pods.Add(await AdmitAsync(pod, cancellationToken));
        }
        return pods;
    }
}
