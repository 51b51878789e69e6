using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Berth.Engine.Events;
using Berth.Engine.Linux;
using Berth.Engine.Store;

namespace Berth.Engine.Volumes;

/// <summary>
/// Named volumes of one engine root (the local driver): ROOT/volumes/NAME/volume.json and the data directory
/// ROOT/volumes/NAME/_data, as Docker lays them out. Creating a name that exists returns the existing volume,
/// as `docker volume create` does. Removal, which must know the containers, is <see cref="VolumeRemover"/>'s job.
/// </summary>
public sealed partial class VolumeStore
{
    public const string LocalDriver = "local";

    private const string RecordFile = "volume.json";

    private readonly EventLog _events;

    public VolumeStore(string engineRoot)
    {
        Root = Path.Combine(Path.GetFullPath(engineRoot), "volumes");
        _events = new EventLog(engineRoot);
    }

    /// <summary>ROOT/volumes.</summary>
    public string Root { get; }

    /// <summary>Held while a volume is created or removed, so a removal never races a creation of the same name.</summary>
    public FileLock Lock()
    {
        Directory.CreateDirectory(Root);
        return FileLock.Acquire(Path.Combine(Root, ".lock"));
    }

    /// <summary>Docker's rule for local volume names: what `-v NAME:/path` tells apart from a host path.</summary>
    public static bool IsValidName(string name) => ValidName().IsMatch(name);

    /// <summary>Creates the volume, or returns it when the name exists; no name: a random one.</summary>
    public VolumeRecord Ensure(string? name, IReadOnlyDictionary<string, string>? labels = null) => Create(name, labels, null, existing: true, anonymous: false);

    /// <summary>Creates an anonymous volume (<see cref="VolumeRecord.Anonymous"/>) under a random name.</summary>
    public VolumeRecord CreateAnonymous() => Create(null, null, null, existing: false, anonymous: true);

    /// <summary>
    /// Creates the volume (`volume create`); a name that exists is a <see cref="ConflictException"/>, as Podman's.
    /// <paramref name="options"/> are the local driver's, checked by <see cref="VolumeOptions.Validate"/>.
    /// </summary>
    public VolumeRecord Create(string? name, IReadOnlyDictionary<string, string>? labels, IReadOnlyDictionary<string, string>? options) =>
        Create(name, labels, options, existing: false, anonymous: false);

    private VolumeRecord Create(string? name, IReadOnlyDictionary<string, string>? labels, IReadOnlyDictionary<string, string>? options, bool existing, bool anonymous)
    {
        name = string.IsNullOrEmpty(name) ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) : name;
        if (!IsValidName(name))
        {
            throw new InvalidArgumentException(
                $"\"{name}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path");
        }
        VolumeOptions.Validate(options ?? new Dictionary<string, string>());
        using var held = Lock();
        if (Load(name) is { } found)
        {
            return existing ? found : throw new ConflictException($"volume with name {name} already exists: volume already exists");
        }
        var directory = Path.Combine(Root, name);
        var record = new VolumeRecord
        {
            Name = name,
            Mountpoint = Path.Combine(directory, "_data"),
            Created = DateTimeOffset.UtcNow,
            Labels = labels ?? new Dictionary<string, string>(),
            Options = options ?? new Dictionary<string, string>(),
            Anonymous = anonymous,
        };
        Directory.CreateDirectory(record.Mountpoint);
        // The record is written last and whole: a directory without one is a creation cut short.
        var path = Path.Combine(directory, RecordFile);
        var temp = AtomicFile.TempPathBeside(path);
        File.WriteAllText(temp, JsonSerializer.Serialize(record, VolumeJsonContext.Default.VolumeRecord));
        File.Move(temp, path);
        _events.Object("volume", "create", null, name);
        return record;
    }

    /// <summary>
    /// Mounts the filesystem the volume's options name (type, device and o: mount(8)'s -t, source and -o) on its data
    /// directory, unless it is mounted already; a volume without a type is a plain directory and needs nothing. Called
    /// each time a container using the volume is made ready to start; the mount stays until the volume is removed.
    /// </summary>
    public void MountIfNeeded(string name)
    {
        if (Load(name) is not { } volume || !volume.Options.TryGetValue("type", out var type) || type.Length == 0 || Posix.IsMountPoint(volume.Mountpoint))
        {
            return;
        }
        var (flags, data) = VolumeOptions.MountFlags(volume.Options.GetValueOrDefault("o"));
        Mounts.Mount(volume.Options.GetValueOrDefault("device") is { Length: > 0 } device ? device : type, volume.Mountpoint, type, data, flags);
    }

    /// <summary>Whether a volume of that name exists (`volume exists`).</summary>
    public bool Exists(string name) => Load(name) is not null;

    public VolumeRecord Find(string name) => Load(name) ?? throw new NotFoundException($"get {name}: no such volume");

    public VolumeRecord? Load(string name)
    {
        if (!IsValidName(name))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(Root, name, RecordFile)), VolumeJsonContext.Default.VolumeRecord);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public List<VolumeRecord> List() => !Directory.Exists(Root) ? [] :
        [.. Directory.EnumerateDirectories(Root).Select(Path.GetFileName).Select(name => Load(name!)).OfType<VolumeRecord>().OrderBy(v => v.Name, StringComparer.Ordinal)];

    /// <summary>Deletes the volume and its data; the caller holds <see cref="Lock"/> and has checked that no container uses it.</summary>
    internal void Delete(string name)
    {
        var directory = Path.Combine(Root, name);
        var data = Path.Combine(directory, "_data");
        if (Directory.Exists(data) && Posix.IsMountPoint(data))
        {
            Mounts.Unmount(data);
        }
        // Renamed first, so a reader never sees a half-deleted volume.
        var tombstone = Path.Combine(Root, $".deleted-{name}-{Guid.NewGuid():N}");
        Directory.Move(directory, tombstone);
        Directory.Delete(tombstone, recursive: true);
        _events.Object("volume", "remove", null, name);
    }

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")]
    private static partial Regex ValidName();
}
