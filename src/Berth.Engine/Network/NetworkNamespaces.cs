using Berth.Engine.Linux;

namespace Berth.Engine.Network;

/// <summary>
/// Persistent network namespaces as bind-mounted files (the `ip netns` convention): a namespace
/// outlives the process that made it, so a later process can still run CNI DEL inside it.
/// </summary>
public sealed class NetworkNamespaces(string directory)
{
    public string Directory { get; } = directory;

    public string PathFor(string containerId) => Path.Combine(Directory, "berth-" + containerId);

    /// <summary>Creates a fresh namespace bound at <paramref name="path"/>; fails if the file exists.</summary>
    public async Task CreateAsync(string path)
    {
        System.IO.Directory.CreateDirectory(Directory);
        // A shared mount point, so the bind mounts below propagate to, and unmount from, every copy
        // of the mount table (runc's mount namespaces included), as iproute2 arranges it.
        Mounts.MakeSharedMountPoint(Directory);
        try
        {
            await PersistentNamespace.Network.CreateAsync(path);
        }
        catch (IOException e)
        {
            throw new BerthException($"cannot create network namespace: {e.Message}", inner: e);
        }
    }

    /// <summary>
    /// Deletes a placeholder at <paramref name="path"/> that never became a namespace (a process
    /// killed between creating the file and binding it), which would make every plugin fail.
    /// </summary>
    public static void RemoveIfPlaceholder(string path)
    {
        if (File.Exists(path) && !PersistentNamespace.IsBound(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>Unmounts and deletes the namespace file; a missing one is fine.</summary>
    public static void Remove(string path) => PersistentNamespace.Remove(path);
}
