namespace Berth.Storage;

public abstract class StorageException(string message) : Exception(message);
