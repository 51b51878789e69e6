namespace Berth.Storage;

/// <summary>The backend could not be reached or gave up on a request; the caller may retry.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : StorageException($"the datastore is unavailable: {message}", inner);
