namespace Berth.Storage;

/// <summary>
/// The backend could not apply a write (I/O error, full disk, unreachable etcd). SQLite: nothing
/// was written. etcd: if the connection broke after the request was sent, the write may still have
/// been applied — read the key before retrying a create.
/// </summary>
public sealed class StoreWriteException(Exception inner) : StorageException($"the write failed: {inner.Message}", inner);
