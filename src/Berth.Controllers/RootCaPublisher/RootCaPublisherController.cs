using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Controllers.Machinery;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.RootCaPublisher;

/// <summary>
/// Kube's root-ca-cert-publisher: every active namespace has the ConfigMap kube-root-ca.crt holding
/// the cluster CA as ca.crt, which the kube-api-access volume of every pod projects; one deleted or
/// changed is put back.
/// </summary>
public sealed class RootCaPublisherController : IController
{
    public const string ConfigMapName = "kube-root-ca.crt";
    public const string CaKey = "ca.crt";
    public const string DescriptionAnnotation = "kubernetes.io/description";

    public const string Description =
        "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

    private readonly string _caPem;
    private readonly Informer<V1Namespace> _namespaces;
    private readonly Informer<V1ConfigMap> _configMaps;
    private readonly ResourceClient<V1ConfigMap, V1ConfigMapList> _client;
    private readonly WorkQueue<string> _queue;
    private readonly ReconcileLoop _loop;

    public RootCaPublisherController(ControllerContext context, string caPem)
    {
        _caPem = caPem;
        _namespaces = context.Informers.For(KubeResources.Namespaces);
        _configMaps = context.Informers.For(KubeResources.ConfigMaps);
        _client = context.Client.For(KubeResources.ConfigMaps);
        _queue = WorkQueue<string>.ForController(context.Time);
        _loop = new ReconcileLoop(Name, _queue, SyncAsync, context.LoggerFactory.CreateLogger<RootCaPublisherController>());
        _namespaces.AddHandler(new InformerHandler<V1Namespace>(ns => _queue.Add(ns.Metadata.Name), deleted: _ => { }));
        _configMaps.AddHandler(new InformerHandler<V1ConfigMap>(Changed, deleted: Changed));
    }

    public string Name => "root-ca-cert-publisher";

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(2, cancellationToken);

    /// <summary>Whether the ConfigMap holds what the publisher writes (other data keys are replaced too, as kube's).</summary>
    public static bool IsCurrent(V1ConfigMap configMap, string caPem) =>
        configMap.Data is { Count: 1 } data && data.TryGetValue(CaKey, out var ca) && ca == caPem
        && configMap.Metadata.Annotations?.TryGetValue(DescriptionAnnotation, out var description) == true && description == Description;

    private void Changed(V1ConfigMap configMap)
    {
        if (configMap.Metadata.Name == ConfigMapName)
        {
            _queue.Add(configMap.Metadata.NamespaceProperty);
        }
    }

    private async Task SyncAsync(string ns, CancellationToken cancellationToken)
    {
        if (_namespaces.Cache.Get(ns) is not { } namespaceObject || namespaceObject.Metadata.DeletionTimestamp is not null
            || namespaceObject.Status?.Phase == "Terminating")
        {
            return;
        }
        try
        {
            if (_configMaps.Cache.Get(ns, ConfigMapName) is not { } current)
            {
                await _client.CreateAsync(new V1ConfigMap
                {
                    Metadata = new V1ObjectMeta
                    {
                        Name = ConfigMapName,
                        NamespaceProperty = ns,
                        Annotations = new Dictionary<string, string> { [DescriptionAnnotation] = Description },
                    },
                    Data = new Dictionary<string, string> { [CaKey] = _caPem },
                }, cancellationToken);
            }
            else if (!IsCurrent(current, _caPem))
            {
                var annotations = new Dictionary<string, string>(current.Metadata.Annotations ?? new Dictionary<string, string>())
                {
                    [DescriptionAnnotation] = Description,
                };
                await _client.UpdateAsync(new V1ConfigMap
                {
                    Metadata = new V1ObjectMeta
                    {
                        Name = ConfigMapName,
                        NamespaceProperty = ns,
                        Labels = current.Metadata.Labels,
                        Annotations = annotations,
                        ResourceVersion = current.Metadata.ResourceVersion,
                        Uid = current.Metadata.Uid,
                    },
                    Data = new Dictionary<string, string> { [CaKey] = _caPem },
                }, cancellationToken);
            }
        }
        catch (ApiStatusException done) when (done.Code == 409 || done.IsNotFound || done.Code == 403)
        {
            // A stale cache (the informer brings the newer object back to the queue), or the namespace is gone or going.
        }
    }
}
