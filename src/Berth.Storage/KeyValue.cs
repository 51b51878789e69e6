namespace Berth.Storage;

public sealed record KeyValue(string Key, byte[] Value, long CreateRevision, long ModRevision);
