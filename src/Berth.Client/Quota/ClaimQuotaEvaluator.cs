using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Client.Serialization;
using k8s.Models;

namespace Berth.Client.Quota;

/// <summary>
/// Quota of PersistentVolumeClaims (kube's pvcEvaluator): one claim and its storage request (or the
/// larger allocated size), each also under its StorageClass (GOLD.storageclass.storage.k8s.io/…);
/// updates that grow a claim are charged.
/// </summary>
public sealed class ClaimQuotaEvaluator() : QuotaEvaluator("", "persistentvolumeclaims")
{
    private const string LegacyClassAnnotation = "volume.beta.kubernetes.io/storage-class";

    public override bool HandlesUpdates => true;

    public override bool Tracks(string name) =>
        name is QuotaNames.Claims or QuotaNames.RequestsStorage || name == QuotaNames.ObjectCount("", "persistentvolumeclaims")
        || (name.Contains(QuotaNames.StorageClassInfix, StringComparison.Ordinal)
            && (name.EndsWith("/" + QuotaNames.Claims, StringComparison.Ordinal) || name.EndsWith("/" + QuotaNames.RequestsStorage, StringComparison.Ordinal)));

    public override object Read(JsonObject obj) => obj.Deserialize(ModelJsonContext.Default.V1PersistentVolumeClaim)!;

    public override Dictionary<string, ResourceQuantity> Usage(object item, DateTimeOffset now)
    {
        var claim = (V1PersistentVolumeClaim)item;
        var usage = One(QuotaNames.Claims, QuotaNames.ObjectCount("", "persistentvolumeclaims"));
        var storageClass = claim.Metadata?.Annotations?.TryGetValue(LegacyClassAnnotation, out var legacy) == true ? legacy : claim.Spec?.StorageClassName;
        if (!string.IsNullOrEmpty(storageClass))
        {
            usage[storageClass + QuotaNames.StorageClassInfix + QuotaNames.Claims] = new ResourceQuantity("1");
        }
        if (Storage(claim) is { } storage)
        {
            usage[QuotaNames.RequestsStorage] = storage;
            if (!string.IsNullOrEmpty(storageClass))
            {
                usage[storageClass + QuotaNames.StorageClassInfix + QuotaNames.RequestsStorage] = storage;
            }
        }
        return usage;
    }

    private static ResourceQuantity? Storage(V1PersistentVolumeClaim claim)
    {
        ResourceQuantity? requested = null;
        ResourceQuantity? allocated = null;
        claim.Spec?.Resources?.Requests?.TryGetValue("storage", out requested);
        claim.Status?.AllocatedResources?.TryGetValue("storage", out allocated);
        return allocated is not null && (requested is null || allocated.ToDecimal() > requested.ToDecimal()) ? allocated : requested;
    }
}
