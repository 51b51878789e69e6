using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Controllers.Machinery;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.Namespaces;

/// <summary>
/// Kube's namespace controller: a namespace marked for deletion is emptied and finalized by the
/// <see cref="NamespaceDeleter"/>, 5 s after the change is seen (so admission everywhere knows it
/// is Terminating before its content is listed). Content still going away is looked at again
/// after half its estimate; failures retry with back-off.
/// </summary>
public sealed class NamespaceController : IController
{
    /// <summary>kube's namespaceDeletionGracePeriod.</summary>
    public static readonly TimeSpan DeletionGracePeriod = TimeSpan.FromSeconds(5);

    private readonly WorkQueue<string> _queue;
    private readonly NamespaceDeleter _deleter;
    private readonly ReconcileLoop _loop;

    public NamespaceController(ControllerContext context)
    {
        _queue = WorkQueue<string>.ForController(context.Time);
        _deleter = new NamespaceDeleter(context.Client, context.Time);
        _loop = ReconcileLoop.WithRetry(Name, _queue, SyncAsync, context.LoggerFactory.CreateLogger<NamespaceController>());
        context.Informers.For(KubeResources.Namespaces).AddHandler(new InformerHandler<V1Namespace>(ns =>
        {
            if (ns.Metadata.DeletionTimestamp is not null)
            {
                _queue.AddAfter(ObjectKey.Of(ns), DeletionGracePeriod);
            }
        }, deleted: _ => { }));
    }

    public string Name => "namespace-controller";

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(5, cancellationToken);

    private async Task<bool> SyncAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await _deleter.DeleteAsync(name, cancellationToken);
            return true;
        }
        catch (ContentRemainingException remaining)
        {
            _queue.AddAfter(name, TimeSpan.FromSeconds((remaining.EstimateSeconds / 2) + 1));
            return true;
        }
    }
}
