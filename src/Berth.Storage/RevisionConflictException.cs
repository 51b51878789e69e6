namespace Berth.Storage;

public sealed class RevisionConflictException(string key, long expected, long actual)
    : StorageException($"key {key} is at revision {actual}, not {expected}");
