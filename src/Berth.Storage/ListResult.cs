namespace Berth.Storage;

/// <param name="Revision">The store revision the list was read at (the list's resourceVersion).</param>
/// <param name="HasMore">True when <c>limit</c> cut the list short.</param>
public sealed record ListResult(IReadOnlyList<KeyValue> Items, long Revision, bool HasMore);
