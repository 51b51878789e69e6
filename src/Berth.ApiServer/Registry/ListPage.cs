using Berth.ApiServer.Watch;

namespace Berth.ApiServer.Registry;

/// <summary>One page of a list: the items in key order, the revision they are current at, and the token for the next page.</summary>
public sealed record ListPage(IReadOnlyList<CachedObject> Items, long Revision, string? Continue);
