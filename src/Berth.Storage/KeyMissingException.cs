namespace Berth.Storage;

public sealed class KeyMissingException(string key) : StorageException($"key {key} not found");
