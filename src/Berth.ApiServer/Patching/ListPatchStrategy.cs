namespace Berth.ApiServer.Patching;

/// <summary>
/// How strategic merge patch treats one field (the patchStrategy and patchMergeKey struct tags of
/// k8s.io/api). Lists without a strategy are replaced whole.
/// </summary>
/// <param name="Merge">Lists merge element by element (by <paramref name="MergeKey"/>, or as a set of primitives).</param>
/// <param name="MergeKey">The field that identifies an element of a list of objects; null for primitive sets.</param>
/// <param name="RetainKeys">The field (or each element of the list) is a union: keys missing from $retainKeys are cleared.</param>
public sealed record ListPatchStrategy(bool Merge, string? MergeKey, bool RetainKeys = false);
