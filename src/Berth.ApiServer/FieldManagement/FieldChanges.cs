using System.Text.Json.Nodes;

namespace Berth.ApiServer.FieldManagement;

/// <summary>
/// What a write added or changed and what it removed, as paths in the version the write came
/// through and, computed on demand, in the other versions its object is served in
/// (<see cref="VersionViews"/>): each manager's fields are compared in the version it wrote through.
/// </summary>
public sealed class FieldChanges
{
    private readonly JsonObject? _before;
    private readonly JsonObject _after;
    private readonly ManagedWrite _write;
    private readonly Dictionary<string, (HashSet<string> Changed, HashSet<string> Removed)> _byVersion = new(StringComparer.Ordinal);

    /// <param name="before">The object before the write; null for a create.</param>
    /// <param name="after">The object the write leaves.</param>
    public FieldChanges(JsonObject? before, JsonObject after, ManagedWrite write)
    {
        _before = before;
        _after = after;
        _write = write;
        var (changed, removed) = Compare(ObjectFields.Of(before, write.Schema, write.Scope), ObjectFields.Of(after, write.Schema, write.Scope));
        _byVersion[write.ApiVersion] = (changed, removed);
    }

    /// <summary>Paths added or changed in <paramref name="apiVersion"/>; empty when the object has no such view.</summary>
    public IReadOnlySet<string> ChangedIn(string apiVersion) => In(apiVersion).Changed;

    /// <summary>Paths removed in <paramref name="apiVersion"/>; empty when the object has no such view.</summary>
    public IReadOnlySet<string> RemovedIn(string apiVersion) => In(apiVersion).Removed;

    private (HashSet<string> Changed, HashSet<string> Removed) In(string apiVersion)
    {
        if (_byVersion.TryGetValue(apiVersion, out var found))
        {
            return found;
        }

        var kind = _after["kind"] is JsonValue value && value.TryGetValue<string>(out var name) ? name : "";
        var result = (Changed: new HashSet<string>(), Removed: new HashSet<string>());
        if (VersionViews.Convert(_after, kind, _write.ApiVersion, apiVersion) is ({ } after, var schema))
        {
            var before = VersionViews.Convert(_before, kind, _write.ApiVersion, apiVersion)?.Object;
            result = Compare(ObjectFields.Of(before, schema, _write.Scope), ObjectFields.Of(after, schema, _write.Scope));
        }

        _byVersion[apiVersion] = result;
        return result;
    }

    private static (HashSet<string> Changed, HashSet<string> Removed) Compare(Dictionary<string, JsonNode?> before, Dictionary<string, JsonNode?> after)
    {
        var changed = after.Where(f => !before.TryGetValue(f.Key, out var value) || !JsonNode.DeepEquals(value, f.Value)).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var removed = before.Keys.Where(p => !after.ContainsKey(p)).ToHashSet(StringComparer.Ordinal);
        return (changed, removed);
    }
}
