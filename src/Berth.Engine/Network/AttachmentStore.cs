using System.Text.Json;

namespace Berth.Engine.Network;

/// <summary>
/// One JSON file per attachment under ROOT/cni/attachments, replaced atomically: ID.json for a container's
/// eth0, ID.IFNAME.json for its other interfaces (user networks it was connected to).
/// </summary>
internal sealed class AttachmentStore(string directory)
{
    private const string PrimaryInterface = "eth0";

    public AttachmentRecord? Read(string containerId, string interfaceName) => ReadFile(PathFor(containerId, interfaceName));

    /// <summary>Every attachment of the container, eth0 first.</summary>
    public List<AttachmentRecord> ReadAllOf(string containerId) =>
        [.. FilesOf(containerId).Select(ReadFile).OfType<AttachmentRecord>().OrderBy(r => r.InterfaceName != PrimaryInterface).ThenBy(r => r.InterfaceName, StringComparer.Ordinal)];

    public IEnumerable<AttachmentRecord> ReadAll()
    {
        if (!Directory.Exists(directory))
        {
            yield break;
        }
        foreach (var file in Directory.EnumerateFiles(directory, "*.json"))
        {
            if (ReadFile(file) is { } record)
            {
                yield return record;
            }
        }
    }

    public void Write(AttachmentRecord record)
    {
        Directory.CreateDirectory(directory);
        var path = PathFor(record.ContainerId, record.InterfaceName);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, record, NetworkJsonContext.Default.AttachmentRecord);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Deletes the record and a temp file a process killed mid-write left behind.</summary>
    public void Delete(string containerId, string interfaceName)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }
        var path = PathFor(containerId, interfaceName);
        File.Delete(path);
        File.Delete(path + ".tmp");
    }

    /// <summary>Deletes every record of the container, half-written ones included.</summary>
    public void DeleteAllOf(string containerId)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }
        foreach (var file in Directory.EnumerateFiles(directory, containerId + ".*").Where(f => BelongsTo(f, containerId)))
        {
            File.Delete(file);
        }
    }

    private IEnumerable<string> FilesOf(string containerId) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, containerId + "*.json").Where(f => BelongsTo(f, containerId))
            : [];

    // ID.json, ID.IFNAME.json and their .tmp files; never another id that merely starts with this one.
    private static bool BelongsTo(string file, string containerId)
    {
        var name = Path.GetFileName(file);
        return name.Length > containerId.Length && name.StartsWith(containerId, StringComparison.Ordinal) && name[containerId.Length] == '.';
    }

    private AttachmentRecord? ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), NetworkJsonContext.Default.AttachmentRecord);
        }
        catch (JsonException e)
        {
            throw new BerthException($"corrupt network state {path}: {e.Message}", inner: e);
        }
    }

    private string PathFor(string containerId, string interfaceName) =>
        Path.Combine(directory, interfaceName == PrimaryInterface ? containerId + ".json" : $"{containerId}.{interfaceName}.json");
}
