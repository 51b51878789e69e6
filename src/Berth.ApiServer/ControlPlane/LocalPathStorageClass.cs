using System.Text.Json.Nodes;
using Berth.ApiServer.AdmissionControl;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Berth.Client.Storage;

namespace Berth.ApiServer.ControlPlane;

/// <summary>
/// The default StorageClass <c>local-path</c>, as k3s' local-storage manifest makes it: the agents'
/// local-path provisioner, WaitForFirstConsumer (a volume is made on the node its first pod is
/// scheduled to), reclaimPolicy Delete. Created when the server starts and it is missing; a user's
/// change is kept until then.
/// </summary>
public static class LocalPathStorageClass
{
    public static async Task EnsureAsync(ResourceStore store, CancellationToken cancellationToken)
    {
        var storageClass = new JsonObject
        {
            ["apiVersion"] = "storage.k8s.io/v1",
            ["kind"] = "StorageClass",
            ["metadata"] = new JsonObject
            {
                ["name"] = LocalPathStorage.ClassName,
                ["annotations"] = new JsonObject { [DefaultStorageClass.IsDefaultAnnotation] = "true" },
            },
            ["provisioner"] = LocalPathStorage.Provisioner,
            ["reclaimPolicy"] = "Delete",
            ["volumeBindingMode"] = "WaitForFirstConsumer",
        };
        try
        {
            await store.CreateAsync(store.Lookup.Resource("storage.k8s.io", "v1", "storageclasses"), null, storageClass, WriteOptions.Server, cancellationToken);
        }
        catch (ApiException exists) when (exists.Code == 409)
        {
        }
    }
}
