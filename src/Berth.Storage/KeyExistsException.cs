namespace Berth.Storage;

public sealed class KeyExistsException(string key) : StorageException($"key {key} already exists");
