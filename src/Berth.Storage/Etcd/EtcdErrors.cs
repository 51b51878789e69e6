using Grpc.Core;

namespace Berth.Storage.Etcd;

/// <summary>Turns etcd's gRPC errors into the store's exceptions (etcd's error texts: server/mvcc/kvstore.go).</summary>
internal static class EtcdErrors
{
    public static bool IsCompacted(RpcException e) => e.Status.Detail.Contains("required revision has been compacted", StringComparison.Ordinal);

    public static bool IsFutureRevision(RpcException e) => e.Status.Detail.Contains("required revision is a future revision", StringComparison.Ordinal);

    /// <summary>The exception for a failed call that is neither a compaction nor a future revision.</summary>
    public static Exception Translate(RpcException e, bool isWrite, CancellationToken cancellationToken) => e.StatusCode switch
    {
        StatusCode.Cancelled when cancellationToken.IsCancellationRequested => new OperationCanceledException(cancellationToken),
        _ when isWrite => new StoreWriteException(e),
        _ => new StoreUnavailableException(e.Status.Detail, e),
    };
}
