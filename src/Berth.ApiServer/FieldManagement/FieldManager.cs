using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Objects;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.FieldManagement;

/// <summary>
/// Server-side field ownership (after the Kubernetes server-side apply design): every write records
/// in metadata.managedFields which manager set which fields. An update (create, PUT, patch) gives its
/// manager the fields it changed and takes them from the others; an apply merges the applied
/// configuration into the object, fails with 409 when it would change a field another manager owns
/// (unless forced, which takes the field over), and removes fields the applier owned before but no
/// longer applies, when nobody else owns them.
/// </summary>
public sealed class FieldManager(TimeProvider time)
{
    /// <summary>
    /// Sets <paramref name="updated"/>'s managedFields after an update from <paramref name="old"/>
    /// (null: a create). The object is defaulted first (defaulting is idempotent; admission defaults
    /// it again): kube-apiserver defaults a body while decoding it, so a create or update owns the
    /// defaults it brings, unlike an apply, whose defaults come after and stay unowned.
    /// </summary>
    public void RecordUpdate(JsonObject? old, JsonObject updated, ManagedWrite write)
    {
        if (old is null)
        {
            write.Strategy.Default(updated);
        }
        else
        {
            write.Strategy.DefaultUpdate(updated, old);
        }

        var metadata = ObjectMetadata.Of(updated);
        var oldManaged = old?["metadata"]?["managedFields"];
        if (metadata["managedFields"] is JsonArray sent && !JsonNode.DeepEquals(sent, oldManaged) && Read(sent) is { } replaced)
        {
            // A client that sends other managedFields replaces them (an empty list clears them).
            Write(updated, replaced);
            return;
        }

        if (old is null)
        {
            // A create: its manager owns every field it sets and there is no one to take them from,
            // so the fields are counted once, without comparing them with an empty object.
            Write(updated, [Entry(write, ManagedFieldsEntry.Update, new FieldSet(ObjectFields.Of(updated, write.Schema, write.Scope).Keys))]);
            return;
        }

        var entries = Read(oldManaged) ?? [];
        var changes = new FieldChanges(old, updated, write);
        var changed = changes.ChangedIn(write.ApiVersion);
        var removed = changes.RemovedIn(write.ApiVersion);
        var self = Entry(write, ManagedFieldsEntry.Update, new FieldSet(changed));
        var result = new List<ManagedFieldsEntry>();
        var found = false;
        foreach (var entry in entries)
        {
            if (entry.SameManager(self))
            {
                found = true;
                result.Add(changed.Count == 0 ? entry with { Fields = entry.Fields.Except(removed) } : self with { Fields = entry.Fields.Union(changed).Except(removed) });
            }
            else
            {
                result.Add(entry with { Fields = entry.Fields.Except(changes.ChangedIn(entry.ApiVersion)).Except(changes.RemovedIn(entry.ApiVersion)) });
            }
        }

        if (!found)
        {
            result.Add(self);
        }

        Write(updated, result);
    }

    /// <summary>
    /// Server-side apply: returns <paramref name="current"/> (null: absent) with <paramref name="applied"/>
    /// merged in and managedFields updated. Throws a 409 Conflict listing the fields other managers own.
    /// </summary>
    public JsonObject Apply(JsonObject? current, JsonObject applied, ManagedWrite write, bool force)
    {
        if (applied["metadata"]?["managedFields"] is not null)
        {
            throw ApiException.BadRequest("metadata.managedFields must be nil");
        }

        var entries = Read(current?["metadata"]?["managedFields"]) ?? [];
        var appliedFields = ObjectFields.Applied(applied, write.Schema, write.Scope);
        var merged = AppliedMerge.Merge(current, applied, write.Schema);
        var self = Entry(write, ManagedFieldsEntry.Apply, appliedFields);
        var previous = entries.FirstOrDefault(e => e.SameManager(self));
        var others = entries.Where(e => !e.SameManager(self)).ToList();
        if (previous is not null)
        {
            FieldRemover.Remove(merged, NoLongerApplied(previous.Fields, others.Select(e => e.Fields).Append(appliedFields)), write.Schema);
        }

        // Each other manager loses what the apply changes (a conflict unless forced) or removes, in its own version.
        var changes = new FieldChanges(current, merged, write);
        if (previous is not null && previous.Fields.SetEquals(self.Fields) && changes.ChangedIn(write.ApiVersion).Count == 0 && changes.RemovedIn(write.ApiVersion).Count == 0)
        {
            // A no-op apply leaves the object as it was, time included (kube-apiserver then skips the write).
            self = self with { Time = previous.Time };
        }

        var conflicts = others
            .Select(e => (Entry: e, Paths: e.Fields.Paths.Where(changes.ChangedIn(e.ApiVersion).Contains).Order(StringComparer.Ordinal).ToList()))
            .Where(c => c.Paths.Count > 0)
            .ToList();
        if (conflicts.Count > 0 && !force)
        {
            throw Conflict(conflicts);
        }

        others = others.Select(e => e with { Fields = e.Fields.Except(changes.ChangedIn(e.ApiVersion)).Except(changes.RemovedIn(e.ApiVersion)) }).ToList();

        var result = entries.Select(e => e.SameManager(self) ? self : others.First(o => o.SameManager(e))).ToList();
        if (previous is null)
        {
            result.Add(self);
        }

        Write(merged, result);
        return merged;
    }

    /// <summary>
    /// What an applier's previous apply set and nobody owns any more, with the structs, maps and
    /// lists that held only that (structured-merge-diff's prune): a field, item or holder goes when
    /// the previous apply owned it or something below it, and no manager (this apply included) does.
    /// Metadata itself always stays (it names the object).
    /// </summary>
    private static List<string> NoLongerApplied(FieldSet previous, IEnumerable<FieldSet> owners)
    {
        var owned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var set in owners)
        {
            owned.UnionWith(set.WithAncestors());
        }

        var metadata = FieldPath.Field("metadata");
        return previous.WithAncestors().Where(p => !owned.Contains(p) && p != metadata).ToList();
    }

    private ManagedFieldsEntry Entry(ManagedWrite write, string operation, FieldSet fields) =>
        new(write.Manager, operation, write.ApiVersion, ObjectMetadata.Timestamp(time.GetUtcNow()), write.Subresource, fields);

    /// <summary>The entries of a managedFields list; null when it is absent or any entry is malformed.</summary>
    private static List<ManagedFieldsEntry>? Read(JsonNode? managedFields)
    {
        if (managedFields is not JsonArray list)
        {
            return null;
        }

        var entries = list.Select(ManagedFieldsEntry.FromJson).ToList();
        return entries.Any(e => e is null) ? null : entries.OfType<ManagedFieldsEntry>().ToList();
    }

    private static void Write(JsonObject obj, IEnumerable<ManagedFieldsEntry> entries)
    {
        var kept = entries.Where(e => !e.Fields.IsEmpty).Select(e => (JsonNode)e.ToJson()).ToArray();
        if (kept.Length == 0)
        {
            ObjectMetadata.Of(obj).Remove("managedFields");
        }
        else
        {
            ObjectMetadata.Of(obj)["managedFields"] = new JsonArray(kept);
        }
    }

    /// <summary>Kubernetes' wording: <c>Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.replicas</c>.</summary>
    private static ApiException Conflict(List<(ManagedFieldsEntry Entry, List<string> Paths)> conflicts)
    {
        var count = conflicts.Sum(c => c.Paths.Count);
        var text = count == 1
            ? $"conflict with {conflicts[0].Entry.ConflictName}: {FieldPath.Display(conflicts[0].Paths[0])}"
            : string.Join("\n", conflicts.Select(c => $"conflicts with {c.Entry.ConflictName}:\n" + string.Join("\n", c.Paths.Select(p => "- " + FieldPath.Display(p)))));
        var causes = conflicts.SelectMany(c => c.Paths.Select(p => (JsonNode)new JsonObject
        {
            ["reason"] = "FieldManagerConflict",
            ["message"] = $"conflict with {c.Entry.ConflictName}",
            ["field"] = FieldPath.Display(p),
        }));
        return new ApiException(409, "Conflict", $"Apply failed with {count} conflict{(count == 1 ? "" : "s")}: {text}", new JsonObject { ["causes"] = new JsonArray(causes.ToArray()) });
    }
}
