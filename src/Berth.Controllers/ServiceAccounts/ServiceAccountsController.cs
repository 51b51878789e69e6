using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Controllers.Machinery;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.ServiceAccounts;

/// <summary>
/// Kube's serviceaccounts-controller: every active namespace has a <c>default</c> ServiceAccount,
/// which pods get when they name none; one deleted is made again.
/// </summary>
public sealed class ServiceAccountsController : IController
{
    public const string DefaultName = "default";

    private readonly Informer<V1Namespace> _namespaces;
    private readonly Informer<V1ServiceAccount> _accounts;
    private readonly ResourceClient<V1ServiceAccount, V1ServiceAccountList> _client;
    private readonly WorkQueue<string> _queue;
    private readonly ReconcileLoop _loop;

    public ServiceAccountsController(ControllerContext context)
    {
        _namespaces = context.Informers.For(KubeResources.Namespaces);
        _accounts = context.Informers.For(KubeResources.ServiceAccounts);
        _client = context.Client.For(KubeResources.ServiceAccounts);
        _queue = WorkQueue<string>.ForController(context.Time);
        _loop = new ReconcileLoop(Name, _queue, SyncAsync, context.LoggerFactory.CreateLogger<ServiceAccountsController>());
        _namespaces.AddHandler(new InformerHandler<V1Namespace>(ns => _queue.Add(ns.Metadata.Name), deleted: _ => { }));
        _accounts.AddHandler(new InformerHandler<V1ServiceAccount>(_ => { }, deleted: account =>
        {
            if (account.Metadata.Name == DefaultName)
            {
                _queue.Add(account.Metadata.NamespaceProperty);
            }
        }));
    }

    public string Name => "serviceaccount-controller";

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(2, cancellationToken);

    private async Task SyncAsync(string ns, CancellationToken cancellationToken)
    {
        if (_namespaces.Cache.Get(ns) is not { } namespaceObject || namespaceObject.Metadata.DeletionTimestamp is not null
            || namespaceObject.Status?.Phase == "Terminating" || _accounts.Cache.Get(ns, DefaultName) is not null)
        {
            return;
        }
        try
        {
            await _client.CreateAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = DefaultName, NamespaceProperty = ns } }, cancellationToken);
        }
        catch (ApiStatusException done) when (done.Code == 409 || done.IsNotFound || done.Code == 403)
        {
            // Already there (a stale cache), or the namespace is gone or going.
        }
    }
}
