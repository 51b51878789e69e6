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
        using (File.Open(path, FileMode.CreateNew, FileAccess.Write))
        {
        }
        try
        {
            await NamespaceThread.RunAsync(() => BindNewNamespace(path));
        }
        catch (IOException e)
        {
            Remove(path);
            throw new BerthException($"cannot create network namespace: {e.Message}", inner: e);
        }
        catch
        {
            Remove(path);
            throw;
        }
    }

    /// <summary>
    /// Deletes a placeholder at <paramref name="path"/> that never became a namespace (a process
    /// killed between creating the file and binding it), which would make every plugin fail.
    /// </summary>
    public static void RemoveIfPlaceholder(string path)
    {
        if (File.Exists(path) && FileSystems.TypeOf(path) != FileSystems.NsfsMagic)
        {
            File.Delete(path);
        }
    }

    /// <summary>Unmounts and deletes the namespace file; a missing one is fine.</summary>
    public static void Remove(string path)
    {
        Mounts.Unmount(path);
        File.Delete(path);
    }

    // unshare(CLONE_NEWNET) moves only the calling thread, so it runs on a thread of its own that
    // returns to the host namespace before it ends.
    private static bool BindNewNamespace(string path)
    {
        using var host = File.OpenHandle("/proc/thread-self/ns/net");
        Namespaces.Unshare(Namespaces.CloneNewNet);
        try
        {
            Mounts.Bind("/proc/thread-self/ns/net", path);
            return true;
        }
        finally
        {
            Namespaces.Enter(host, Namespaces.CloneNewNet);
        }
    }
}
