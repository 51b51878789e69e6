namespace Berth.Storage;

/// <summary>The backend could not apply a write (I/O error, full disk, lost connection); nothing was written.</summary>
public sealed class StoreWriteException(Exception inner) : StorageException($"the write was not applied: {inner.Message}", inner);
