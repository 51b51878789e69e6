using System.Runtime.CompilerServices;
using System.Text.Json;
using Berth.Engine.Containers;
using Berth.Engine.Store;

namespace Berth.Engine.Events;

/// <summary>
/// The events of one engine root, appended by every process that acts on it (the CLI, the shim's exit command, the
/// Docker API socket) to ROOT/events/events.log, one JSON object a line, as Podman's file backend keeps them; readers
/// list it and follow it (inotify) for `events` and the Docker API's /events. An event that cannot be written is
/// dropped: it reports a change, it is not the change.
/// </summary>
public sealed class EventLog(string engineRoot, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public string Directory { get; } = Path.Combine(Path.GetFullPath(engineRoot), "events");

    public string FilePath => Path.Combine(Directory, "events.log");

    public void Append(EngineEvent engineEvent)
    {
        byte[] line = [.. EngineEventWriter.Serialize(engineEvent), (byte)'\n'];
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            // Held so that lines of two processes never interleave.
            using var held = FileLock.Acquire(FilePath + ".lock");
            using var file = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            file.Write(line);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full disk or a read-only root: the action itself went through.
        }
    }

    /// <summary>Records <paramref name="status"/> of a container, with its image, name and labels.</summary>
    public void Container(string status, ContainerRecord record, int? exitCode = null, string? healthStatus = null) => Append(new EngineEvent
    {
        Id = record.Id,
        Image = record.ImageReference,
        Name = record.Name,
        Status = status,
        Time = _time.GetUtcNow(),
        Type = "container",
        ContainerExitCode = exitCode,
        HealthStatus = healthStatus,
        Attributes = record.Labels,
    });

    /// <summary>Records <paramref name="status"/> of an image, a volume or a network (Podman's Name is the image's reference or the object's name).</summary>
    public void Object(string type, string status, string? id, string name) =>
        Append(new EngineEvent { Id = id, Name = name, Status = status, Time = _time.GetUtcNow(), Type = type });

    /// <summary>
    /// Records <paramref name="status"/> of a network: for create and remove <paramref name="id"/> and <paramref name="name"/> are
    /// the network's, for connect and disconnect the container's (as Podman records them).
    /// </summary>
    public void Network(string status, NetworkRef network, string id, string name) => Append(new EngineEvent
    {
        Id = id,
        Name = name,
        Network = network.Name,
        NetworkId = network.Id,
        Status = status,
        Time = _time.GetUtcNow(),
        Type = "network",
    });

    /// <summary>Records <paramref name="status"/> of a pod (create, start, stop, kill, remove), with Podman's empty image.</summary>
    public void Pod(string status, string id, string name) =>
        Append(new EngineEvent { Id = id, Image = "", Name = name, Status = status, Time = _time.GetUtcNow(), Type = "pod" });

    /// <summary>Every event recorded so far, oldest first.</summary>
    public IEnumerable<EngineEvent> Read()
    {
        long position = 0;
        return ReadNew(ref position);
    }

    /// <summary>The events recorded so far, then each new one as it is written, until <paramref name="cancellationToken"/> ends it.</summary>
    public async IAsyncEnumerable<EngineEvent> FollowAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        System.IO.Directory.CreateDirectory(Directory);
        using var watch = new DirectoryWatch(Directory, "events.log");
        long position = 0;
        while (true)
        {
            // Read before the token is checked: a follower whose window has closed still gets what was recorded.
            foreach (var engineEvent in ReadNew(ref position))
            {
                yield return engineEvent;
            }
            if (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }
            try
            {
                await watch.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    /// <summary>The complete lines after <paramref name="position"/>, which moves past them; a line being written waits for the next read.</summary>
    private List<EngineEvent> ReadNew(ref long position)
    {
        byte[] bytes;
        try
        {
            using var file = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            file.Position = position;
            bytes = new byte[file.Length - position];
            file.ReadExactly(bytes);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
        var events = new List<EngineEvent>();
        var start = 0;
        for (var end = Array.IndexOf(bytes, (byte)'\n'); end >= 0; start = end + 1, end = Array.IndexOf(bytes, (byte)'\n', start))
        {
            try
            {
                events.AddRange(JsonSerializer.Deserialize(bytes.AsSpan(start, end - start), EventJsonContext.Default.EngineEvent) is { } parsed ? [parsed] : []);
            }
            catch (JsonException)
            {
                // A line a crash cut short: the next one is whole again.
            }
        }
        position += start;
        return events;
    }
}
