using System.Text.Json.Nodes;
using Berth.ApiServer.AdmissionControl;
using Berth.ApiServer.Http;
using Berth.ApiServer.Objects;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Validation;
using Berth.ApiServer.Watch;
using Berth.Storage;

namespace Berth.ApiServer.Registry;

/// <summary>
/// The generic registry (after k8s.io/apiserver's registry/generic Store): create, update, delete and
/// list with Kubernetes semantics over the key-value store. Reads of single objects go to the store;
/// lists come from the watch cache. A user's writes pass <paramref name="admission"/> after validation.
/// </summary>
public sealed class ResourceStore(IKeyValueStore store, WatchCache cache, ResourceRegistry registry, TimeProvider time, AdmissionChain? admission = null)
{
    private readonly AdmissionChain _admission = admission ?? AdmissionChain.Empty;

    private const int MaxAttempts = 16;
    private static readonly TimeSpan CacheWait = TimeSpan.FromSeconds(3);

    // The newest revision of a namespace write (create, update, delete) this store acknowledged.
    private long _namespaceRevision;

    public ResourceRegistry Registry => registry;

    public WatchCache Cache => cache;

    /// <summary>What admission reads besides the object it admits.</summary>
    public ObjectLookup Lookup => field ??= new ObjectLookup(this);

    public async Task<JsonObject> GetAsync(ResourceDefinition resource, string? ns, string name, CancellationToken cancellationToken)
    {
        var kv = await store.GetAsync(resource.StorageKey(ns, name), cancellationToken);
        return kv is null ? throw ApiException.NotFound(resource.Group, resource.Name, name) : Decode(resource, kv);
    }

    public async Task<JsonObject> CreateAsync(ResourceDefinition resource, string? ns, JsonObject obj, WriteOptions write, CancellationToken cancellationToken)
    {
        PrepareForCreate(resource, ns, obj);
        EnsureSpec(resource, obj);
        resource.Strategy.Default(obj);
        await resource.Strategy.AdmitAsync(obj, null, Lookup, cancellationToken);
        var name = ObjectMetadata.Name(obj);
        // NamespaceLifecycle comes first, as in kube's chain: the other plugins may read the namespace's objects.
        if (resource.Namespaced)
        {
            await RequireActiveNamespaceAsync(ns!, cancellationToken);
        }
        var admission = AdmissionFor(write, AdmissionOperation.Create, resource, ns, name, UpdateTarget.Main, obj, null);
        if (admission is not null)
        {
            await _admission.AdmitAsync(admission, cancellationToken);
        }
        Admission.ThrowIfInvalid(resource, obj, resource.Strategy.ValidateCreate(obj));
        if (admission is not null)
        {
            await _admission.ValidateAsync(admission, cancellationToken);
        }
        var key = resource.StorageKey(ns, name);
        // Checked before anything is claimed for it, so a name taken answers 409 rather than the claim's own failure.
        if ((write.DryRun || resource.Hooks is not null) && await store.GetAsync(key, cancellationToken) is not null)
        {
            throw ApiException.AlreadyExists(resource.Group, resource.Name, name);
        }
        var finish = resource.Hooks is { } hooks ? await hooks.BeginCreateAsync(resource, obj, write.DryRun, cancellationToken) : null;
        var stored = false;
        try
        {
            if (write.DryRun)
            {
                return obj;
            }
            var revision = await store.CreateAsync(key, Encode(resource, obj), cancellationToken);
            stored = true;
            Written(resource, revision);
            ObjectMetadata.Set(obj, "resourceVersion", revision.ToString());
            return obj;
        }
        catch (KeyExistsException)
        {
            throw ApiException.AlreadyExists(resource.Group, resource.Name, name);
        }
        finally
        {
            if (finish is not null)
            {
                await finish(stored);
            }
        }
    }

    /// <summary>
    /// Read-modify-write: <paramref name="transform"/> gets a copy of the current object and returns
    /// the desired one. A resourceVersion in the result is a precondition (409 when stale); without one
    /// the write is retried on concurrent changes.
    /// </summary>
    public async Task<JsonObject> UpdateAsync(
        ResourceDefinition resource, string? ns, string name, Func<JsonObject, JsonObject> transform, UpdateTarget target, WriteOptions write, CancellationToken cancellationToken)
    {
        var key = resource.StorageKey(ns, name);
        for (var attempt = 1; ; attempt++)
        {
            // The first attempt starts from the watch cache's copy, as kube's GuaranteedUpdate starts
            // from the cacher's: the write's revision check catches a stale copy, and only then (or
            // when the copy could mislead: a precondition, an unchanged result) is the store read.
            var cached = attempt == 1 && !write.DryRun ? Cached(key) : null;
            var kv = cached ?? await store.GetAsync(key, cancellationToken) ?? throw ApiException.NotFound(resource.Group, resource.Name, name);
            var current = Decode(resource, kv);
            var desired = transform((JsonObject)current.DeepClone());
            var precondition = ObjectMetadata.Get(desired, "resourceVersion");
            if (!string.IsNullOrEmpty(precondition) && precondition != kv.ModRevision.ToString())
            {
                if (cached is not null)
                {
                    continue;
                }
                throw StaleConflict(resource, name);
            }
            desired = PrepareForUpdate(resource, current, desired, target);
            EnsureSpec(resource, desired);
            resource.Strategy.DefaultUpdate(desired, current);
            await resource.Strategy.AdmitAsync(desired, current, Lookup, cancellationToken);
            var admission = AdmissionFor(write, AdmissionOperation.Update, resource, ns, name, target, desired, current);
            if (admission is not null)
            {
                await _admission.AdmitAsync(admission, cancellationToken);
            }
            Admission.ThrowIfInvalid(resource, desired, resource.Strategy.ValidateUpdate(desired, current, target));
            if (admission is not null)
            {
                await _admission.ValidateAsync(admission, cancellationToken);
            }
            if (ReadyToRemove(resource, desired))
            {
                if (write.DryRun)
                {
                    return desired;
                }
                try
                {
                    return await RemovedAsync(resource, await store.DeleteAsync(key, kv.ModRevision, cancellationToken), cancellationToken);
                }
                catch (RevisionConflictException) when (attempt < MaxAttempts)
                {
                    continue;
                }
            }
            var bytes = Encode(resource, desired);
            if (bytes.AsSpan().SequenceEqual(Encode(resource, current)))
            {
                if (cached is not null)
                {
                    continue;
                }
                ObjectMetadata.Set(desired, "resourceVersion", kv.ModRevision.ToString());
                return desired;
            }
            var finish = resource.Hooks is { } hooks ? await hooks.BeginUpdateAsync(resource, desired, current, write.DryRun, cancellationToken) : null;
            var stored = false;
            try
            {
                if (write.DryRun)
                {
                    ObjectMetadata.Set(desired, "resourceVersion", kv.ModRevision.ToString());
                    return desired;
                }
                // Hooks may have filled the object in (a new cluster IP): encode it again.
                var revision = await store.UpdateAsync(key, finish is null ? bytes : Encode(resource, desired), kv.ModRevision, cancellationToken);
                stored = true;
                Written(resource, revision);
                ObjectMetadata.Set(desired, "resourceVersion", revision.ToString());
                return desired;
            }
            catch (RevisionConflictException) when (attempt < MaxAttempts)
            {
                // Written meanwhile: transform the fresh object again (a patch applies anew, as kube's
                // GuaranteedUpdate does); a resourceVersion the request itself carried fails the check above.
            }
            catch (KeyMissingException)
            {
                throw ApiException.NotFound(resource.Group, resource.Name, name);
            }
            finally
            {
                if (finish is not null)
                {
                    await finish(stored);
                }
            }
        }
    }

    /// <summary>
    /// A write through a subresource that takes an object of its own (pods/binding takes a Binding):
    /// admission judges that object as a create on the subresource, as kube-apiserver's does, then
    /// <paramref name="rewrite"/> makes the stored bytes from the current ones (as the watch cache
    /// serves them, resourceVersion included), retried from a fresh read on concurrent changes.
    /// No strategy pass: the rewrite makes only the changes the subresource stands for.
    /// </summary>
    /// <returns>The new revision (the current one for a dry run).</returns>
    public async Task<long> RewriteAsync(
        ResourceDefinition resource, string? ns, string name, UpdateTarget target, JsonObject subresourceObject,
        Func<byte[], byte[]> rewrite, WriteOptions write, CancellationToken cancellationToken)
    {
        if (AdmissionFor(write, AdmissionOperation.Create, resource, ns, name, target, subresourceObject, null) is { } admission)
        {
            await _admission.AdmitAsync(admission, cancellationToken);
            await _admission.ValidateAsync(admission, cancellationToken);
        }
        var key = resource.StorageKey(ns, name);
        for (var attempt = 1; ; attempt++)
        {
            var kv = (attempt == 1 ? Cached(key) : null) ?? await store.GetAsync(key, cancellationToken) ?? throw ApiException.NotFound(resource.Group, resource.Name, name);
            var bytes = rewrite(kv.Value);
            if (write.DryRun)
            {
                return kv.ModRevision;
            }
            try
            {
                return Written(resource, await store.UpdateAsync(key, bytes, kv.ModRevision, cancellationToken));
            }
            catch (RevisionConflictException) when (attempt < MaxAttempts)
            {
            }
            catch (KeyMissingException)
            {
                throw ApiException.NotFound(resource.Group, resource.Name, name);
            }
        }
    }

    /// <summary>An object just deleted from the store: what it held is given back (<see cref="IWriteHooks.AfterRemoveAsync"/>).</summary>
    private async Task<JsonObject> RemovedAsync(ResourceDefinition resource, KeyValue deleted, CancellationToken cancellationToken)
    {
        var removed = Decode(resource, Written(resource, deleted));
        if (resource.Hooks is { } hooks)
        {
            await hooks.AfterRemoveAsync(removed, CancellationToken.None);
        }
        return removed;
    }

    /// <summary>
    /// Deletes an object, or marks it (deletionTimestamp) while finalizers, a foreground or orphan
    /// propagation, a namespace's content or a running pod's grace period hold it. Returns the
    /// object and whether it is gone.
    /// </summary>
    public async Task<(JsonObject Object, bool Deleted)> DeleteAsync(
        ResourceDefinition resource, string? ns, string name, DeleteRequest request, CancellationToken cancellationToken)
    {
        var key = resource.StorageKey(ns, name);
        for (var attempt = 1; ; attempt++)
        {
            var kv = await store.GetAsync(key, cancellationToken) ?? throw ApiException.NotFound(resource.Group, resource.Name, name);
            var current = Decode(resource, kv);
            CheckPreconditions(resource, name, current, kv, request);
            resource.Strategy.CheckDelete(current);
            if (attempt == 1 && request.User is { } user)
            {
                await _admission.ValidateDeleteAsync(
                    new AdmissionRequest(user, AdmissionOperation.Delete, resource, ns ?? "", name, UpdateTarget.Main, current, current, request.DryRun, Lookup, _ => { }),
                    cancellationToken);
            }
            var marked = MarkForDeletion(resource, current, request);
            try
            {
                if (marked is not null)
                {
                    if (request.DryRun)
                    {
                        return (marked, false);
                    }
                    if (Encode(resource, marked).AsSpan().SequenceEqual(Encode(resource, current)))
                    {
                        return (current, false);
                    }
                    var revision = await store.UpdateAsync(key, Encode(resource, marked), kv.ModRevision, cancellationToken);
                    Written(resource, revision);
                    ObjectMetadata.Set(marked, "resourceVersion", revision.ToString());
                    return (marked, false);
                }
                if (request.DryRun)
                {
                    return (current, true);
                }
                return (await RemovedAsync(resource, await store.DeleteAsync(key, kv.ModRevision, cancellationToken), cancellationToken), true);
            }
            catch (RevisionConflictException) when (attempt < MaxAttempts)
            {
            }
            catch (KeyMissingException)
            {
                throw ApiException.NotFound(resource.Group, resource.Name, name);
            }
        }
    }

    /// <summary>What admission sees of a user's write; null for the server's own writes, which skip it.</summary>
    private AdmissionRequest? AdmissionFor(
        WriteOptions write, AdmissionOperation operation, ResourceDefinition resource, string? ns, string name, UpdateTarget target,
        JsonObject obj, JsonObject? old) =>
        write.User is { } user
            ? new AdmissionRequest(user, operation, resource, ns ?? "", name, target, obj, old, write.DryRun, Lookup, write.Warn ?? (_ => { }))
            {
                AuditAnnotations = write.AuditAnnotations ?? new(StringComparer.Ordinal),
            }
            : null;

    public async Task<ListPage> ListAsync(ResourceDefinition resource, string? ns, ListRequest request, CancellationToken cancellationToken)
    {
        var prefix = resource.CollectionPrefix(ns);
        if (request.Continue is not null)
        {
            return await ListFromStoreAsync(prefix, ContinueToken.Decode(request.Continue, prefix), request, cancellationToken);
        }
        if (request.ResourceVersionMatch == "Exact" && long.TryParse(request.ResourceVersion, out var exact))
        {
            return await ListFromStoreAsync(prefix, new ContinueToken(exact, prefix), request, cancellationToken);
        }
        if (!await CacheReadyForAsync(request.ResourceVersion, cancellationToken))
        {
            var revision = await store.GetRevisionAsync(cancellationToken);
            return await ListFromStoreAsync(prefix, new ContinueToken(revision, prefix), request, cancellationToken);
        }
        var (items, cacheRevision) = cache.List(prefix);
        var page = new List<CachedObject>();
        foreach (var item in items)
        {
            if (!Matches(item, request))
            {
                continue;
            }
            if (request.Limit > 0 && page.Count == request.Limit)
            {
                return new ListPage(page, cacheRevision, new ContinueToken(cacheRevision, page[^1].Key).Encode());
            }
            page.Add(item);
        }
        return new ListPage(page, cacheRevision, null);
    }

    public static bool Matches(CachedObject item, ListRequest request) =>
        request.Labels.Matches(item.Metadata.Labels) &&
        (request.Fields.IsEverything || request.Fields.Matches(ObjectCodec.ParseObject(item.Json)));

    /// <summary>Waits for the cache to be as fresh as the request needs ("" = the store's newest revision, "0" = any).</summary>
    private async Task<bool> CacheReadyForAsync(string? resourceVersion, CancellationToken cancellationToken)
    {
        if (resourceVersion == "0")
        {
            return true;
        }
        long wanted;
        if (string.IsNullOrEmpty(resourceVersion))
        {
            wanted = await store.GetRevisionAsync(cancellationToken);
        }
        else if (!long.TryParse(resourceVersion, out wanted) || wanted < 0)
        {
            throw ApiException.BadRequest($"invalid resource version \"{resourceVersion}\"");
        }
        return await cache.WaitForRevisionAsync(wanted, CacheWait, cancellationToken);
    }

    private async Task<ListPage> ListFromStoreAsync(string prefix, ContinueToken from, ListRequest request, CancellationToken cancellationToken)
    {
        var page = new List<CachedObject>();
        var startAfter = from.StartAfterKey == prefix ? null : from.StartAfterKey;
        try
        {
            while (true)
            {
                var batch = await store.ListAsync(prefix, from.Revision, startAfter, request.Limit > 0 ? request.Limit : 0, cancellationToken);
                foreach (var kv in batch.Items)
                {
                    var item = CachedObject.From(kv);
                    if (!Matches(item, request))
                    {
                        continue;
                    }
                    if (request.Limit > 0 && page.Count == request.Limit)
                    {
                        return new ListPage(page, from.Revision, new ContinueToken(from.Revision, page[^1].Key).Encode());
                    }
                    page.Add(item);
                }
                if (!batch.HasMore || batch.Items.Count == 0)
                {
                    return new ListPage(page, from.Revision, null);
                }
                startAfter = batch.Items[^1].Key;
            }
        }
        catch (RevisionCompactedException)
        {
            throw ApiException.Gone("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.");
        }
    }

    private void PrepareForCreate(ResourceDefinition resource, string? ns, JsonObject obj)
    {
        CheckTypeMeta(resource, obj);
        var metadata = ObjectMetadata.Of(obj);
        if (resource.Namespaced)
        {
            var bodyNamespace = ObjectMetadata.Namespace(obj);
            if (!string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != ns)
            {
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            metadata["namespace"] = ns;
        }
        else
        {
            metadata.Remove("namespace");
        }
        var name = ObjectMetadata.Name(obj);
        if (name.Length == 0)
        {
            var generateName = ObjectMetadata.Get(obj, "generateName");
            if (string.IsNullOrEmpty(generateName))
            {
                throw ApiException.Invalid(resource.Group, resource.Kind, "", [new FieldCause("metadata.name", "FieldValueRequired", "Required value: name or generateName is required")]);
            }
            name = ObjectNames.Generate(generateName);
            metadata["name"] = name;
        }
        metadata["uid"] = RandomUuid.NewString();
        metadata["creationTimestamp"] = ObjectMetadata.Timestamp(time.GetUtcNow());
        metadata.Remove("resourceVersion");
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        if (resource.TracksGeneration)
        {
            metadata["generation"] = 1;
        }
        else
        {
            metadata.Remove("generation");
        }
        resource.Strategy.PrepareForCreate(obj);
        if (resource.HasStatus && resource.Strategy.InitialStatus() is { } status)
        {
            obj["status"] = status;
        }
    }

    /// <summary>
    /// A kind whose model has a spec always has one, as kube-apiserver's Go structs serialize it even empty
    /// (a Node created without spec reads back with <c>"spec": {}</c>, so a JSON patch under it applies).
    /// </summary>
    private static void EnsureSpec(ResourceDefinition resource, JsonObject obj)
    {
        if (obj["spec"] is null && ModelSchema.For(resource.ModelType).Field("spec") is { Kind: SchemaKind.Object })
        {
            obj["spec"] = new JsonObject();
        }
    }

    private static JsonObject PrepareForUpdate(ResourceDefinition resource, JsonObject current, JsonObject desired, UpdateTarget target)
    {
        CheckTypeMeta(resource, desired);
        if (SubresourcePart(target) is { } part)
        {
            return OnlyPart(current, desired, part);
        }
        var metadata = ObjectMetadata.Of(desired);
        var old = ObjectMetadata.Of(current);
        foreach (var field in new[] { "name", "namespace" })
        {
            if (ObjectMetadata.Get(desired, field) is { Length: > 0 } value && value != ObjectMetadata.Get(current, field))
            {
                throw ApiException.Invalid(resource.Group, resource.Kind, ObjectMetadata.Name(current), [new FieldCause($"metadata.{field}", "FieldValueInvalid", $"Invalid value: \"{value}\": field is immutable")]);
            }
        }
        foreach (var field in new[] { "name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation" })
        {
            if (old[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
            else
            {
                metadata.Remove(field);
            }
        }
        if (resource.HasStatus && target == UpdateTarget.Main)
        {
            if (current["status"] is { } status)
            {
                desired["status"] = status.DeepClone();
            }
            else
            {
                desired.Remove("status");
            }
        }
        resource.Strategy.PrepareForUpdate(desired, current, target);
        if (resource.TracksGeneration && !JsonNode.DeepEquals(current["spec"], desired["spec"]))
        {
            metadata["generation"] = ObjectMetadata.Generation(current) + 1;
        }
        return desired;
    }

    /// <summary>The one part of an object a write to <paramref name="target"/> changes, when it is a subresource of one part.</summary>
    private static string[]? SubresourcePart(UpdateTarget target) => target switch
    {
        UpdateTarget.Status => ["status"],
        UpdateTarget.EphemeralContainers => ["spec", "ephemeralContainers"],
        _ => null,
    };

    /// <summary>
    /// What a subresource write stores: the current object with only the part at <paramref name="path"/> taken from the
    /// write, and the writer's field ownership (metadata.managedFields), the one change kept outside that part.
    /// </summary>
    private static JsonObject OnlyPart(JsonObject current, JsonObject desired, string[] path)
    {
        var part = desired.At(path)?.DeepClone();
        var managedFields = desired["metadata"]?["managedFields"]?.DeepClone();
        var result = (JsonObject)current.DeepClone();
        var parent = path[..^1].Aggregate(result, (obj, field) => obj.Child(field));
        parent[path[^1]] = part;
        if (managedFields is null)
        {
            ObjectMetadata.Of(result).Remove("managedFields");
        }
        else
        {
            ObjectMetadata.Set(result, "managedFields", managedFields);
        }
        return result;
    }

    /// <summary>The object as it should be stored while its deletion waits, or null to remove it now.</summary>
    private JsonObject? MarkForDeletion(ResourceDefinition resource, JsonObject current, DeleteRequest request)
    {
        var marked = (JsonObject)current.DeepClone();
        var metadata = ObjectMetadata.Of(marked);
        var finalizers = ObjectMetadata.Finalizers(marked);
        if (!ObjectMetadata.IsDeleting(current))
        {
            var extra = request.Propagation switch
            {
                PropagationPolicy.Foreground => "foregroundDeletion",
                PropagationPolicy.Orphan => "orphan",
                _ => null,
            };
            if (extra is not null && !finalizers.Contains(extra))
            {
                finalizers.Add(extra);
            }
        }
        ObjectMetadata.SetFinalizers(marked, finalizers);
        var grace = finalizers.Count == 0 ? resource.Strategy.GracePeriodSeconds(marked, request) : 0;
        if (grace > 0)
        {
            metadata["deletionTimestamp"] ??= ObjectMetadata.Timestamp(time.GetUtcNow().AddSeconds(grace));
            metadata["deletionGracePeriodSeconds"] ??= grace;
            resource.Strategy.MarkDeleting(marked);
            return marked;
        }
        if (finalizers.Count == 0 && !resource.Strategy.HoldsDeletion(marked))
        {
            return null;
        }
        metadata["deletionTimestamp"] ??= ObjectMetadata.Timestamp(time.GetUtcNow());
        metadata["deletionGracePeriodSeconds"] ??= 0;
        resource.Strategy.MarkDeleting(marked);
        return marked;
    }

    /// <summary>A deleting object with nothing left holding it.</summary>
    private static bool ReadyToRemove(ResourceDefinition resource, JsonObject obj) =>
        ObjectMetadata.IsDeleting(obj) &&
        ObjectMetadata.Finalizers(obj).Count == 0 &&
        !resource.Strategy.HoldsDeletion(obj) &&
        (obj["metadata"]?["deletionGracePeriodSeconds"] is not JsonValue grace || grace.GetValue<long>() == 0);

    private static void CheckPreconditions(ResourceDefinition resource, string name, JsonObject current, KeyValue kv, DeleteRequest request)
    {
        if (request.PreconditionUid is { } uid && uid != ObjectMetadata.Uid(current))
        {
            throw ApiException.Conflict(resource.Group, resource.Name, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {ObjectMetadata.Uid(current)}");
        }
        if (request.PreconditionResourceVersion is { } rv && rv != kv.ModRevision.ToString())
        {
            throw ApiException.Conflict(resource.Group, resource.Name, name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {kv.ModRevision}");
        }
    }

    /// <summary>
    /// The namespace must exist and not be Terminating. Namespaces change only through this store, so
    /// once the watch cache holds the newest namespace write acknowledged here, an active namespace
    /// in it is current: no store read (for etcd, a round trip) per create. Anything else (missing,
    /// deleting, a cache that lags) is confirmed with the store, as Kubernetes' NamespaceLifecycle
    /// admission looks up a namespace its informer does not show.
    /// </summary>
    private async Task RequireActiveNamespaceAsync(string ns, CancellationToken cancellationToken)
    {
        var key = registry.Find("", "v1", "namespaces")!.StorageKey(null, ns);
        if (await cache.WaitForRevisionAsync(Volatile.Read(ref _namespaceRevision), CacheWait, cancellationToken) &&
            cache.Get(key) is { Metadata.Deleting: false })
        {
            return;
        }
        var stored = await store.GetAsync(key, cancellationToken) ?? throw ApiException.NotFound("", "namespaces", ns);
        if (ObjectMetadata.IsDeleting(ObjectCodec.Decode(stored)))
        {
            throw ApiException.Forbidden($"unable to create new content in namespace {ns} because it is being terminated");
        }
    }

    private long Written(ResourceDefinition resource, long revision)
    {
        if (resource is { Group: "", Name: "namespaces" })
        {
            long seen;
            while ((seen = Volatile.Read(ref _namespaceRevision)) < revision &&
                Interlocked.CompareExchange(ref _namespaceRevision, revision, seen) != seen)
            {
            }
        }
        return revision;
    }

    private KeyValue Written(ResourceDefinition resource, KeyValue deleted)
    {
        Written(resource, deleted.ModRevision);
        return deleted;
    }

    /// <summary>apiVersion and kind must name this resource; missing ones are filled in.</summary>
    private static void CheckTypeMeta(ResourceDefinition resource, JsonObject obj)
    {
        var apiVersion = obj["apiVersion"] is JsonValue a && a.TryGetValue<string>(out var av) ? av : null;
        var kind = obj["kind"] is JsonValue k && k.TryGetValue<string>(out var kv) ? kv : null;
        if (apiVersion is not null && apiVersion != resource.GroupVersion)
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({resource.GroupVersion})");
        }
        if (kind is not null && kind != resource.Kind)
        {
            throw ApiException.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({resource.Kind})");
        }
        if (obj["metadata"] is not null and not JsonObject)
        {
            throw ApiException.BadRequest("metadata must be an object");
        }
        obj["apiVersion"] = resource.GroupVersion;
        obj["kind"] = resource.Kind;
    }

    /// <summary>The stored bytes of an object, in its storage's form (<see cref="ResourceDefinition.Conversion"/>).</summary>
    private static byte[] Encode(ResourceDefinition resource, JsonObject obj) =>
        ObjectCodec.Encode(resource.Conversion is { } conversion ? conversion.ToStorage(obj) : obj);

    /// <summary>The watch cache's copy of a key as a stored value.</summary>
    private KeyValue? Cached(string key) =>
        cache.Get(key) is { } cached ? new KeyValue(cached.Key, cached.StoredBytes, 0, cached.ModRevision) : null;

    /// <summary>A stored object in the resource's form.</summary>
    private static JsonObject Decode(ResourceDefinition resource, KeyValue kv) =>
        resource.Conversion is { } conversion ? conversion.FromStorage(ObjectCodec.Decode(kv)) : ObjectCodec.Decode(kv);

    private static ApiException StaleConflict(ResourceDefinition resource, string name) =>
        ApiException.Conflict(resource.Group, resource.Name, name, "the object has been modified; please apply your changes to the latest version and try again");
}
