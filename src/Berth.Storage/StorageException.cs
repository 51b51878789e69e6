namespace Berth.Storage;

public abstract class StorageException(string message, Exception? inner = null) : Exception(message, inner);
