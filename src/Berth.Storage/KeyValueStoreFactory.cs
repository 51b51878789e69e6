using Berth.Storage.Etcd;
using Berth.Storage.Sqlite;

namespace Berth.Storage;

/// <summary>Picks the backend from the datastore endpoint, as k3s's --datastore-endpoint does.</summary>
public static class KeyValueStoreFactory
{
    /// <summary>
    /// <c>sqlite://PATH</c> or a plain file path: the embedded SQLite store.
    /// <c>http://host:2379[,http://host2:2379…]</c> (or https): an etcd v3 cluster.
    /// </summary>
    /// <exception cref="ArgumentException">The endpoint is empty or has a scheme Berth does not know.</exception>
    public static IKeyValueStore Open(string endpoint, KeyValueStoreOptions? options = null)
    {
        options ??= new KeyValueStoreOptions();
        return Parse(endpoint) switch
        {
            (Backend.Sqlite, var path) => SqliteKeyValueStore.Open(path, options.Sqlite, options.LoggerFactory),
            (_, var endpoints) => EtcdKeyValueStore.Open(endpoints),
        };
    }

    internal static (Backend Backend, string Target) Parse(string endpoint)
    {
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            throw new ArgumentException("the datastore endpoint is empty", nameof(endpoint));
        }
        const string sqliteScheme = "sqlite://";
        if (endpoint.StartsWith(sqliteScheme, StringComparison.OrdinalIgnoreCase))
        {
            var path = endpoint[sqliteScheme.Length..];
            return path.Length == 0
                ? throw new ArgumentException($"the datastore endpoint {endpoint} names no file", nameof(endpoint))
                : (Backend.Sqlite, path);
        }
        if (endpoint.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || endpoint.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var member in endpoint.Split(','))
            {
                if (!Uri.TryCreate(member, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
                {
                    throw new ArgumentException($"the etcd endpoint {member} is not a URL like http://127.0.0.1:2379", nameof(endpoint));
                }
            }
            return (Backend.Etcd, endpoint);
        }
        if (endpoint.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"the datastore endpoint {endpoint} has an unknown scheme (use sqlite://PATH or http://host:2379)", nameof(endpoint));
        }
        return (Backend.Sqlite, endpoint);
    }

    internal enum Backend
    {
        Sqlite,
        Etcd,
    }
}
