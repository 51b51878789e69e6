namespace Berth.Storage.Etcd;

/// <summary>The etcd v3 backend (being built).</summary>
public sealed class EtcdKeyValueStore
{
    public static IKeyValueStore Open(string endpoints) => throw new NotSupportedException($"the etcd backend is not available yet ({endpoints})");
}
