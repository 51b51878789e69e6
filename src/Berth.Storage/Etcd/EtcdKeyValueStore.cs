using System.Runtime.CompilerServices;
using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Mvccpb;

namespace Berth.Storage.Etcd;

/// <summary>
/// The etcd v3 backend, a 1:1 mapping: writes are transactions comparing the key's create or mod
/// revision, lists are ranges at a revision, watches are etcd watches from a start revision.
/// </summary>
public sealed class EtcdKeyValueStore : IKeyValueStore
{
    // Asking for one key that cannot exist is the cheapest way to read the header's revision.
    private static readonly ByteString RevisionProbe = ByteString.CopyFrom(0);

    private readonly EtcdClient _client;
    private readonly KV.KVClient _kv;
    private readonly Watch.WatchClient _watch;

    private EtcdKeyValueStore(EtcdClient client)
    {
        _client = client;
        var connection = client.GetConnection();
        _kv = connection.KVClient;
        _watch = connection.WatchClient;
    }

    /// <summary>Connects to the comma-separated <paramref name="endpoints"/> (http:// or https://).</summary>
    public static EtcdKeyValueStore Open(string endpoints)
    {
        var secure = endpoints.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        var client = new EtcdClient(endpoints, configureChannelOptions: options =>
        {
            if (!secure)
            {
                options.Credentials = ChannelCredentials.Insecure;
            }
        });
        return new EtcdKeyValueStore(client);
    }

    public async Task<long> GetRevisionAsync(CancellationToken cancellationToken = default)
    {
        var response = await RangeAsync(new RangeRequest { Key = RevisionProbe, CountOnly = true }, cancellationToken);
        return response.Header.Revision;
    }

    public async Task<KeyValue?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var response = await RangeAsync(new RangeRequest { Key = Bytes(key) }, cancellationToken);
        return response.Kvs.Count == 0 ? null : ToKeyValue(response.Kvs[0]);
    }

    public async Task<ListResult> ListAsync(string prefix, long revision = 0, string? startAfterKey = null, int limit = 0, CancellationToken cancellationToken = default)
    {
        var request = new RangeRequest
        {
            // The smallest key after startAfterKey is that key with a zero byte appended.
            Key = startAfterKey is null ? (prefix.Length == 0 ? RevisionProbe : Bytes(prefix)) : Bytes(startAfterKey + "\0"),
            RangeEnd = ByteString.CopyFrom(KeyPrefix.EndBytes(prefix)),
            Revision = revision,
            Limit = limit,
        };
        var response = await RangeAsync(request, cancellationToken);
        return new ListResult(response.Kvs.Select(ToKeyValue).ToList(), revision == 0 ? response.Header.Revision : revision, response.More);
    }

    public async Task<long> CreateAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        var response = await TxnAsync(key, Compare.Types.CompareTarget.Create, 0, Put(key, value), cancellationToken);
        return response.Succeeded ? response.Header.Revision : throw new KeyExistsException(key);
    }

    public async Task<long> UpdateAsync(string key, byte[] value, long expectedModRevision, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        var response = await ConditionalAsync(key, expectedModRevision, Put(key, value), cancellationToken);
        return response.Header.Revision;
    }

    public async Task<KeyValue> DeleteAsync(string key, long expectedModRevision = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var delete = new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = Bytes(key), PrevKv = true } };
        var response = await ConditionalAsync(key, expectedModRevision, delete, cancellationToken);
        var last = response.Responses[0].ResponseDeleteRange.PrevKvs[0];
        return new KeyValue(key, last.Value.ToByteArray(), last.CreateRevision, response.Header.Revision);
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var call = _watch.Watch(cancellationToken: cancellationToken);
        var create = new WatchCreateRequest
        {
            Key = prefix.Length == 0 ? RevisionProbe : Bytes(prefix),
            RangeEnd = ByteString.CopyFrom(KeyPrefix.EndBytes(prefix)),
            StartRevision = afterRevision + 1,
            PrevKv = true,
        };
        await Call(() => call.RequestStream.WriteAsync(new WatchRequest { CreateRequest = create }, cancellationToken), false, cancellationToken);
        while (await Call(() => call.ResponseStream.MoveNext(cancellationToken), false, cancellationToken))
        {
            var response = call.ResponseStream.Current;
            if (response.CompactRevision != 0)
            {
                throw new RevisionCompactedException(afterRevision, response.CompactRevision);
            }
            if (response.Canceled)
            {
                throw new StoreUnavailableException($"etcd cancelled the watch: {response.CancelReason}");
            }
            foreach (var e in response.Events)
            {
                yield return ToWatchEvent(e);
            }
        }
    }

    public async Task CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        try
        {
            await _kv.CompactAsync(new CompactionRequest { Revision = revision }, cancellationToken: cancellationToken);
        }
        catch (RpcException e) when (EtcdErrors.IsCompacted(e))
        {
            // Already compacted at or past this revision: nothing to do.
        }
        catch (RpcException e) when (EtcdErrors.IsFutureRevision(e))
        {
            throw new FutureRevisionException(revision, await GetRevisionAsync(cancellationToken));
        }
        catch (RpcException e)
        {
            throw EtcdErrors.Translate(e, true, cancellationToken);
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<RangeResponse> RangeAsync(RangeRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await _kv.RangeAsync(request, cancellationToken: cancellationToken);
        }
        catch (RpcException e) when (EtcdErrors.IsCompacted(e))
        {
            throw new RevisionCompactedException(request.Revision, await FindCompactRevisionAsync(cancellationToken));
        }
        catch (RpcException e) when (EtcdErrors.IsFutureRevision(e))
        {
            throw new FutureRevisionException(request.Revision, await GetRevisionAsync(cancellationToken));
        }
        catch (RpcException e)
        {
            throw EtcdErrors.Translate(e, false, cancellationToken);
        }
    }

    /// <summary>
    /// Runs <paramref name="operation"/> if the key's mod revision is <paramref name="expectedModRevision"/>
    /// (0: if the key exists); otherwise throws the reason, read in the same transaction.
    /// </summary>
    private async Task<TxnResponse> ConditionalAsync(string key, long expectedModRevision, RequestOp operation, CancellationToken cancellationToken)
    {
        var response = expectedModRevision == 0
            ? await TxnAsync(key, Compare.Types.CompareTarget.Create, 0, operation, cancellationToken, Compare.Types.CompareResult.Greater)
            : await TxnAsync(key, Compare.Types.CompareTarget.Mod, expectedModRevision, operation, cancellationToken);
        if (response.Succeeded)
        {
            return response;
        }
        var current = response.Responses[0].ResponseRange.Kvs;
        throw current.Count == 0
            ? new KeyMissingException(key)
            : new RevisionConflictException(key, expectedModRevision, current[0].ModRevision);
    }

    private async Task<TxnResponse> TxnAsync(string key, Compare.Types.CompareTarget target, long revision, RequestOp success, CancellationToken cancellationToken, Compare.Types.CompareResult result = Compare.Types.CompareResult.Equal)
    {
        var compare = new Compare { Key = Bytes(key), Target = target, Result = result };
        if (target == Compare.Types.CompareTarget.Create)
        {
            compare.CreateRevision = revision;
        }
        else
        {
            compare.ModRevision = revision;
        }
        var request = new TxnRequest { Compare = { compare }, Success = { success } };
        request.Failure.Add(new RequestOp { RequestRange = new RangeRequest { Key = Bytes(key) } });
        return await Call(async () => await _kv.TxnAsync(request, cancellationToken: cancellationToken), true, cancellationToken);
    }

    /// <summary>etcd tells the compaction point only to a watch that starts before it.</summary>
    private async Task<long> FindCompactRevisionAsync(CancellationToken cancellationToken)
    {
        using var call = _watch.Watch(cancellationToken: cancellationToken);
        var create = new WatchCreateRequest { Key = RevisionProbe, StartRevision = 1 };
        await call.RequestStream.WriteAsync(new WatchRequest { CreateRequest = create }, cancellationToken);
        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
            if (call.ResponseStream.Current.CompactRevision != 0 || call.ResponseStream.Current.Canceled)
            {
                return call.ResponseStream.Current.CompactRevision;
            }
            if (!call.ResponseStream.Current.Created)
            {
                break;
            }
        }
        return 0;
    }

    private static async Task<T> Call<T>(Func<Task<T>> call, bool isWrite, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (RpcException e)
        {
            throw EtcdErrors.Translate(e, isWrite, cancellationToken);
        }
    }

    private static async Task Call(Func<Task> call, bool isWrite, CancellationToken cancellationToken) =>
        await Call(async () => { await call(); return true; }, isWrite, cancellationToken);

    private static RequestOp Put(string key, byte[] value) =>
        new() { RequestPut = new PutRequest { Key = Bytes(key), Value = ByteString.CopyFrom(value) } };

    private static ByteString Bytes(string key) => ByteString.CopyFromUtf8(key);

    private static KeyValue ToKeyValue(Mvccpb.KeyValue kv) => new(kv.Key.ToStringUtf8(), kv.Value.ToByteArray(), kv.CreateRevision, kv.ModRevision);

    private static WatchEvent ToWatchEvent(Event e)
    {
        var previous = e.PrevKv is null ? null : ToKeyValue(e.PrevKv);
        if (e.Type == Event.Types.EventType.Delete)
        {
            // etcd's delete event carries only the key and revision; the last value is in prev_kv.
            var current = new KeyValue(e.Kv.Key.ToStringUtf8(), previous?.Value ?? [], previous?.CreateRevision ?? 0, e.Kv.ModRevision);
            return new WatchEvent(WatchEventType.Deleted, current, previous);
        }
        var kv = ToKeyValue(e.Kv);
        return kv.CreateRevision == kv.ModRevision
            ? new WatchEvent(WatchEventType.Created, kv, null)
            : new WatchEvent(WatchEventType.Updated, kv, previous);
    }
}
