using System.Text.Json.Nodes;
using Berth.ApiServer.FieldManagement;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies;

/// <summary>
/// What is particular to one kind (after kubernetes pkg/registry/*/strategy.go): its defaults, its
/// validation, the status it starts with, what an update may change, and what holds its deletion.
/// The generic registry (<see cref="ResourceStore"/>) does everything else. Each row of
/// <see cref="Resources.BuiltInResources"/> names its strategy; kinds without rules of their own
/// use this base.
/// </summary>
public class ResourceStrategy
{
    /// <summary>The strategy of kinds without rules of their own.</summary>
    public static ResourceStrategy Generic { get; } = new();

    /// <summary>
    /// Fills in the defaults (SetDefaults_* of the kind's API group, plus the server's own touches
    /// such as a new pod's Pending phase), in place. Idempotent: it runs on every write.
    /// </summary>
    public virtual void Default(JsonObject obj)
    {
    }

    /// <summary>Defaults an update; kinds whose server-allocated values a replace may omit keep them here.</summary>
    public virtual void DefaultUpdate(JsonObject obj, JsonObject old) => Default(obj);

    /// <summary>Server-set content of a new object beyond metadata and status (a namespace's finalizer).</summary>
    public virtual void PrepareForCreate(JsonObject obj)
    {
    }

    /// <summary>
    /// The status a new object of a kind with a status subresource starts with (clients cannot
    /// create status), or null to keep the one the client sent.
    /// </summary>
    public virtual JsonObject? InitialStatus() => [];

    /// <summary>
    /// Undoes what a write to <paramref name="target"/> may not change, after the generic rules
    /// (server-owned metadata kept; status kept by main writes, everything else by status writes).
    /// </summary>
    public virtual void PrepareForUpdate(JsonObject desired, JsonObject current, UpdateTarget target)
    {
    }

    /// <summary>The fields a write to <paramref name="target"/> can own (server-side apply, managedFields).</summary>
    public virtual FieldScope Scope(UpdateTarget target, bool hasStatus) => target switch
    {
        UpdateTarget.Status => FieldScope.Status,
        _ when hasStatus => FieldScope.Main,
        _ => FieldScope.All,
    };

    /// <summary>
    /// What kube's admission plugins check against other objects (Priority resolves a pod's class):
    /// runs on create (<paramref name="old"/> null) and update after defaulting, before validation;
    /// mutates <paramref name="obj"/> or throws the plugin's ApiException.
    /// </summary>
    public virtual ValueTask AdmitAsync(JsonObject obj, JsonObject? old, ObjectLookup objects, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Throws when the object may never be deleted (a system PriorityClass).</summary>
    public virtual void CheckDelete(JsonObject obj)
    {
    }

    /// <summary>The field errors of a new object (after defaulting): metadata, then the kind's content.</summary>
    public IReadOnlyList<FieldError> ValidateCreate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        MetadataValidator.Validate(obj, CheckName, errors);
        Validate(obj, errors);
        ValidateCreation(obj, errors);
        return errors;
    }

    /// <summary>The field errors of an update to <paramref name="target"/>: those of the new object, plus changes the kind forbids.</summary>
    public IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old, UpdateTarget target = UpdateTarget.Main)
    {
        var errors = new List<FieldError>();
        MetadataValidator.Validate(obj, CheckName, errors);
        Validate(obj, errors);
        ImmutableFields.Check(obj, old, "metadata.namespace", errors, "metadata", "namespace");
        ImmutableFields.Check(obj, old, "metadata.uid", errors, "metadata", "uid");
        ValidateChanges(obj, old, target, errors);
        return errors;
    }

    /// <summary>The messages for a bad metadata.name (a DNS-1123 subdomain unless the kind says otherwise).</summary>
    public virtual IReadOnlyList<string> CheckName(string name) => NameRules.Dns1123Subdomain(name);

    /// <summary>The kind's content rules, on create and update.</summary>
    protected virtual void Validate(JsonObject obj, List<FieldError> errors)
    {
    }

    /// <summary>The rules only a new object follows.</summary>
    protected virtual void ValidateCreation(JsonObject obj, List<FieldError> errors)
    {
    }

    /// <summary>The changes an update may not make (immutable fields).</summary>
    protected virtual void ValidateChanges(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
    }

    /// <summary>The changes a write to <paramref name="target"/> may not make: those of <see cref="ValidateChanges(JsonObject, JsonObject, List{FieldError})"/> unless the kind's subresource has rules of its own.</summary>
    protected virtual void ValidateChanges(JsonObject obj, JsonObject old, UpdateTarget target, List<FieldError> errors) =>
        ValidateChanges(obj, old, errors);

    /// <summary>
    /// How long a delete of an object nothing else holds waits (kube's CheckGracefulDelete): 0 removes it
    /// at once; more marks it with deletionTimestamp now + grace (a pod on a node, which its agent stops).
    /// </summary>
    public virtual long GracePeriodSeconds(JsonObject obj, DeleteRequest request) => 0;

    /// <summary>Whether the kind's own finalization holds a deleting object (a namespace's spec.finalizers).</summary>
    public virtual bool HoldsDeletion(JsonObject obj) => false;

    /// <summary>Marks an object whose deletion waits (a namespace turns Terminating).</summary>
    public virtual void MarkDeleting(JsonObject obj)
    {
    }
}
