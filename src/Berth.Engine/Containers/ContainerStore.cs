using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Berth.Engine.Store;

namespace Berth.Engine.Containers;

/// <summary>
/// Container records on disk under ROOT/containers: one directory per id holding state.json, written
/// atomically (temp file + rename) so a killed berth never leaves half a record. Allocation and
/// removal take a store-wide file lock so names stay unique across concurrent `berth run`.
/// </summary>
public sealed partial class ContainerStore
{
    private const string RecordFile = "state.json";
    private const string TombstonePrefix = ".removing-";

    /// <summary>
    /// Each record as last parsed, beside the bytes it was parsed from: the node agent reads every
    /// record several times a second (relist, pod syncs), and a record whose file is unchanged is
    /// not parsed again. Records are immutable, so callers may share one.
    /// </summary>
    private readonly ConcurrentDictionary<string, (byte[] Json, ContainerRecord Record)> _parsed = new(StringComparer.Ordinal);

    public ContainerStore(string engineRoot)
    {
        Root = Path.Combine(engineRoot, "containers");
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public ContainerPaths PathsOf(string id) => new(Path.Combine(Root, id));

    /// <summary>Holds the store-wide lock (names, creation, removal).</summary>
    public FileLock LockStore() => FileLock.Acquire(Path.Combine(Root, ".lock"));

    /// <summary>Holds one container's lock (state changes).</summary>
    public FileLock LockContainer(string id) => FileLock.Acquire(PathsOf(id).Lock);

    /// <summary>Marks a client as attached until disposed (see <see cref="ContainerPaths.Attached"/>).</summary>
    public FileLock LockAttached(string id) => FileLock.Acquire(PathsOf(id).Attached);

    /// <summary>The attach lock if no client is attached, else null.</summary>
    public FileLock? TryLockAttached(string id) => FileLock.TryAcquire(PathsOf(id).Attached);

    /// <summary>
    /// Whether a client is attached to the container in <paramref name="containerDirectory"/>, asked without opening a store;
    /// false when the container is gone.
    /// </summary>
    public static bool IsAttached(string containerDirectory)
    {
        try
        {
            using var unattached = FileLock.TryAcquire(new ContainerPaths(containerDirectory).Attached);
            return unattached is null;
        }
        catch (IOException) when (!Directory.Exists(containerDirectory))
        {
            return false;
        }
    }

    /// <summary>
    /// Reserves a unique id and name and writes the first record, all under the store lock. What
    /// <paramref name="create"/> reads to make the record (the image it resolves, returned beside it) is
    /// read under that lock too, which image prune and rmi hold while they decide: they see the new
    /// container, or it sees their result.
    /// </summary>
    public async Task<(ContainerRecord Record, T Source)> AllocateAsync<T>(string? name, Func<string, string, Task<(ContainerRecord, T)>> create)
    {
        if (name is not null && !ValidName().IsMatch(name))
        {
            throw new InvalidArgumentException($"invalid container name \"{name}\": names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*");
        }
        using var storeLock = LockStore();
        var existing = List();
        if (name is not null && existing.FirstOrDefault(c => c.Name == name) is { } holder)
        {
            throw new ConflictException($"the container name \"{name}\" is already in use by {holder.Id}. You have to remove that container to be able to reuse that name: that name is already in use");
        }
        var names = existing.Select(c => c.Name).ToHashSet();
        name ??= ContainerNames.Generate(names.Contains);
        var id = NewId();
        var (record, source) = await create(id, name);
        try
        {
            Directory.CreateDirectory(PathsOf(id).Directory);
            Save(record);
        }
        catch (IOException)
        {
            // A full disk: leave no directory without a record behind.
            if (Directory.Exists(PathsOf(id).Directory))
            {
                Directory.Delete(PathsOf(id).Directory, recursive: true);
            }
            throw;
        }
        return (record, source);
    }

    /// <summary>
    /// 64 random hex digits, read from the kernel's source: <see cref="RandomNumberGenerator"/> would load and initialise OpenSSL
    /// first, which took a foreground `run --rm` several milliseconds before its container started.
    /// </summary>
    private static string NewId()
    {
        Span<byte> bytes = stackalloc byte[32];
        using var random = new FileStream("/dev/urandom", FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        random.ReadExactly(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>
    /// Gives the container <paramref name="newName"/> (`rename`), under the store's lock (names stay unique) and the
    /// container's (a state change in flight does not write the old name back); returns the renamed record.
    /// </summary>
    public ContainerRecord Rename(ContainerRecord record, string newName)
    {
        if (!ValidName().IsMatch(newName))
        {
            throw new InvalidArgumentException("names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
        }
        using var storeLock = LockStore();
        if (List().FirstOrDefault(c => c.Name == newName && c.Id != record.Id) is not null)
        {
            throw new ConflictException($"renaming container {record.Id}: name {newName} already in use, cannot rename container {record.Id}: container already exists");
        }
        using var containerLock = LockContainer(record.Id);
        var current = Load(record.Id) ?? throw new NotFoundException($"no container with name or ID \"{record.Id}\" found: no such container");
        var renamed = current with { Name = newName };
        Save(renamed);
        return renamed;
    }

    /// <summary>Replaces the record's file; a later <see cref="Load"/> in this process finds it unchanged and does not parse it back.</summary>
    public void Save(ContainerRecord record)
    {
        var path = PathsOf(record.Id).State;
        var temp = path + ".tmp";
        var json = ContainerRecordWriter.Serialize(record);
        File.WriteAllBytes(temp, json);
        File.Move(temp, path, overwrite: true);
        _parsed[record.Id] = (json, record);
    }

    /// <summary>Every complete record; directories without one (a create cut short) and tombstones are skipped.</summary>
    public List<ContainerRecord> List()
    {
        var records = new List<ContainerRecord>();
        foreach (var dir in Directory.EnumerateDirectories(Root).Where(d => !Path.GetFileName(d).StartsWith('.')))
        {
            if (Load(Path.GetFileName(dir)) is { } record)
            {
                records.Add(record);
            }
        }
        // Forget what another process removed.
        foreach (var gone in _parsed.Keys.Except(records.Select(r => r.Id), StringComparer.Ordinal))
        {
            _parsed.TryRemove(gone, out _);
        }
        return records;
    }

    public ContainerRecord? Load(string id)
    {
        byte[] json;
        try
        {
            json = File.ReadAllBytes(Path.Combine(Root, id, RecordFile));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            _parsed.TryRemove(id, out _);
            return null;
        }
        if (_parsed.TryGetValue(id, out var known) && known.Json.AsSpan().SequenceEqual(json))
        {
            return known.Record;
        }
        var record = JsonSerializer.Deserialize(json, ContainerRecordJsonContext.Default.ContainerRecord);
        if (record is not null)
        {
            _parsed[id] = (json, record);
        }
        return record;
    }

    /// <summary>Finds a container by name, full id or unique id prefix, as Podman does.</summary>
    public ContainerRecord Find(string nameOrId)
    {
        var all = List();
        if (all.FirstOrDefault(c => c.Name == nameOrId || c.Id == nameOrId) is { } exact)
        {
            return exact;
        }
        var matches = nameOrId.Length > 0 ? all.Where(c => c.Id.StartsWith(nameOrId, StringComparison.Ordinal)).ToList() : [];
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new NotFoundException($"no container with name or ID \"{nameOrId}\" found: no such container"),
            _ => throw new InvalidArgumentException($"more than one container matches \"{nameOrId}\": use more of the ID"),
        };
    }

    /// <summary>
    /// Removes the container's directory. It is first renamed to a hidden tombstone, so no other process
    /// (the shim's exit command taking the container's lock) can add a file to it while it is deleted;
    /// tombstones a crash left behind are deleted with the next removal. A container another process
    /// removed meanwhile (`rm -f` racing the exit command of `run --rm`) is already gone: nothing to do.
    /// </summary>
    public void Delete(string id)
    {
        using var storeLock = LockStore();
        var directory = PathsOf(id).Directory;
        if (!Directory.Exists(directory))
        {
            return;
        }
        Directory.Move(directory, Path.Combine(Root, TombstonePrefix + id));
        _parsed.TryRemove(id, out _);
        foreach (var tombstone in Directory.EnumerateDirectories(Root, TombstonePrefix + "*"))
        {
            Directory.Delete(tombstone, recursive: true);
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex ValidName();
}
