using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Berth.Engine.Containers;
using Berth.Engine.Store;

namespace Berth.Engine.Pods;

/// <summary>
/// Pod records on disk: ROOT/pods/ID/pod.json, written atomically, beside the pod's IPC and UTS namespace files.
/// Creation and removal take a store-wide file lock so names stay unique across concurrent `pod create`.
/// </summary>
public sealed partial class PodStore
{
    private const string RecordFile = "pod.json";

    public PodStore(string engineRoot)
    {
        Root = Path.Combine(Path.GetFullPath(engineRoot), "pods");
    }

    /// <summary>ROOT/pods.</summary>
    public string Root { get; }

    public string DirectoryOf(string id) => Path.Combine(Root, id);

    /// <summary>Held while a pod is created or removed.</summary>
    public FileLock Lock()
    {
        Directory.CreateDirectory(Root);
        return FileLock.Acquire(Path.Combine(Root, ".lock"));
    }

    /// <summary>Reserves a unique id and name (generated when null) and writes the first record; the caller holds <see cref="Lock"/>.</summary>
    public PodRecord Allocate(string? name, Func<string, string, PodRecord> create)
    {
        if (name is not null && !ValidName().IsMatch(name))
        {
            throw new InvalidArgumentException($"invalid pod name \"{name}\": names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument");
        }
        var existing = List();
        if (name is not null && existing.Any(p => p.Name == name))
        {
            throw new ConflictException($"adding pod to state: name \"{name}\" is in use: pod already exists");
        }
        name ??= ContainerNames.Generate(n => existing.Any(p => p.Name == n));
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var record = create(id, name);
        Directory.CreateDirectory(DirectoryOf(id));
        Save(record);
        return record;
    }

    public void Save(PodRecord record)
    {
        var path = Path.Combine(DirectoryOf(record.Id), RecordFile);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(record, PodRecordJsonContext.Default.PodRecord));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public PodRecord? Load(string id)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(DirectoryOf(id), RecordFile)), PodRecordJsonContext.Default.PodRecord);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Every pod, oldest first.</summary>
    public List<PodRecord> List() =>
        Directory.Exists(Root)
            ? [.. Directory.EnumerateDirectories(Root).Select(d => Load(Path.GetFileName(d))).OfType<PodRecord>().OrderBy(p => p.Created)]
            : [];

    /// <summary>Finds a pod by name, full id or unique id prefix, as Podman does; null when none matches.</summary>
    public PodRecord? TryFind(string nameOrId)
    {
        var all = List();
        if (all.FirstOrDefault(p => p.Name == nameOrId || p.Id == nameOrId) is { } exact)
        {
            return exact;
        }
        var matches = nameOrId.Length > 0 ? all.Where(p => p.Id.StartsWith(nameOrId, StringComparison.Ordinal)).ToList() : [];
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new InvalidArgumentException($"more than one pod matches \"{nameOrId}\": use more of the ID"),
        };
    }

    public PodRecord Find(string nameOrId) =>
        TryFind(nameOrId) ?? throw new NotFoundException($"no pod with name or ID {nameOrId} found: no such pod");

    /// <summary>Deletes the pod's directory (its namespace files must be unmounted first).</summary>
    public void Delete(string id)
    {
        if (Directory.Exists(DirectoryOf(id)))
        {
            Directory.Delete(DirectoryOf(id), recursive: true);
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex ValidName();
}
