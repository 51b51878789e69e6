namespace Berth.Client.Storage;

/// <summary>
/// The built-in local-path storage (k3s' local-path-provisioner): the default StorageClass the
/// server creates and the provisioner name its volumes carry. The name is k3s' own, so manifests
/// written for k3s that declare classes of their own with this provisioner work unchanged.
/// </summary>
public static class LocalPathStorage
{
    public const string ClassName = "local-path";

    public const string Provisioner = "rancher.io/local-path";
}
