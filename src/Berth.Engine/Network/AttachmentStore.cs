using System.Text.Json;

namespace Berth.Engine.Network;

/// <summary>One JSON file per attached container under ROOT/cni/attachments, replaced atomically.</summary>
internal sealed class AttachmentStore(string directory)
{
    public AttachmentRecord? Read(string containerId)
    {
        var path = PathFor(containerId);
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

    public IEnumerable<AttachmentRecord> ReadAll()
    {
        if (!Directory.Exists(directory))
        {
            yield break;
        }
        foreach (var file in Directory.EnumerateFiles(directory, "*.json"))
        {
            if (Read(Path.GetFileNameWithoutExtension(file)) is { } record)
            {
                yield return record;
            }
        }
    }

    public void Write(AttachmentRecord record)
    {
        Directory.CreateDirectory(directory);
        var path = PathFor(record.ContainerId);
        var temp = TempPathFor(record.ContainerId);
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, record, NetworkJsonContext.Default.AttachmentRecord);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Deletes the record and a temp file a process killed mid-write left behind.</summary>
    public void Delete(string containerId)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }
        File.Delete(PathFor(containerId));
        File.Delete(TempPathFor(containerId));
    }

    private string PathFor(string containerId) => Path.Combine(directory, containerId + ".json");

    private string TempPathFor(string containerId) => PathFor(containerId) + ".tmp";
}
