using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using Berth.Controllers.Machinery;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.Certificates;

/// <summary>
/// kube-controller-manager's csrapproving and csrsigning controllers in one: a node's client certificate request from a
/// join-token holder (or the node itself) is approved (Approved, reason AutoApproved), and every approved request for
/// the client signers (kubernetes.io/kube-apiserver-client-kubelet, kubernetes.io/kube-apiserver-client) is signed with
/// the cluster CA into status.certificate. A request that is not a certificate request is marked Failed.
/// </summary>
public sealed class CertificateSigningController : IController
{
    private const string ClientSigner = "kubernetes.io/kube-apiserver-client";

    private readonly Informer<V1CertificateSigningRequest> _requests;
    private readonly ResourceClient<V1CertificateSigningRequest, V1CertificateSigningRequestList> _client;
    private readonly ClusterSigner _signer;
    private readonly TimeProvider _time;
    private readonly WorkQueue<string> _queue;
    private readonly ReconcileLoop _loop;

    public CertificateSigningController(ControllerContext context, ClusterSigner signer)
    {
        _requests = context.Informers.For(KubeResources.CertificateSigningRequests);
        _client = context.Client.For(KubeResources.CertificateSigningRequests);
        _signer = signer;
        _time = context.Time;
        _queue = WorkQueue<string>.ForController(context.Time);
        _loop = new ReconcileLoop(Name, _queue, SyncAsync, context.LoggerFactory.CreateLogger<CertificateSigningController>());
        _requests.AddHandler(new InformerHandler<V1CertificateSigningRequest>(r => _queue.Add(ObjectKey.Of(r)), deleted: _ => { }));
    }

    public string Name => "csrsigning-controller";

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(2, cancellationToken);

    private async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (_requests.Cache.Get(key) is not { } csr || csr.Status?.Certificate is { Length: > 0 } || Has(csr, "Denied") || Has(csr, "Failed"))
        {
            return;
        }
        if (Parse(csr) is not { } request)
        {
            await WriteAsync(csr, "status", c => Add(c, "Failed", "SignerValidationFailure", "the request is not a PEM certificate request"), cancellationToken);
            return;
        }
        if (!Has(csr, "Approved"))
        {
            if (NodeClientRequest.IsNodeClient(csr, request) && NodeClientRequest.RequesterMayHave(csr, request))
            {
                await WriteAsync(csr, "approval", c => Add(c, "Approved", "AutoApproved", "Auto approving kubelet client certificate after SubjectAccessReview."), cancellationToken);
            }
            return;
        }
        if (csr.Spec.SignerName is NodeClientRequest.Signer or ClientSigner)
        {
            var duration = csr.Spec.ExpirationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            var pem = _signer.SignPem(request, duration, _time.GetUtcNow());
            await WriteAsync(csr, "status", c => c.Status.Certificate = Encoding.ASCII.GetBytes(pem), cancellationToken);
        }
    }

    private static CertificateRequest? Parse(V1CertificateSigningRequest csr)
    {
        try
        {
            return CertificateRequest.LoadSigningRequestPem(Encoding.ASCII.GetString(csr.Spec.Request), HashAlgorithmName.SHA256);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return null;
        }
    }

    private static bool Has(V1CertificateSigningRequest csr, string type) => csr.Status?.Conditions?.Any(c => c.Type == type && c.Status == "True") == true;

    private void Add(V1CertificateSigningRequest csr, string type, string reason, string message)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        csr.Status.Conditions ??= [];
        csr.Status.Conditions.Add(new V1CertificateSigningRequestCondition
        {
            Type = type,
            Status = "True",
            Reason = reason,
            Message = message,
            LastUpdateTime = now,
            LastTransitionTime = now,
        });
    }

    private async Task WriteAsync(V1CertificateSigningRequest csr, string subresource, Action<V1CertificateSigningRequest> change, CancellationToken cancellationToken)
    {
        var updated = ModelCopy.Clone(csr, ModelJsonContext.Default.V1CertificateSigningRequest);
        updated.Status ??= new V1CertificateSigningRequestStatus();
        change(updated);
        try
        {
            await _client.UpdateSubresourceAsync(updated, subresource, cancellationToken);
        }
        catch (ApiStatusException gone) when (gone.IsNotFound)
        {
        }
    }
}
