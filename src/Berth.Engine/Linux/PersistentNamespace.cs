namespace Berth.Engine.Linux;

/// <summary>
/// A namespace kept alive by a bind mount of its /proc file (the `ip netns` convention): it outlives the
/// thread that made it, and runc joins it by path. <paramref name="Kind"/> is its name under /proc/thread-self/ns.
/// </summary>
internal sealed record PersistentNamespace(string Kind, int CloneFlag)
{
    public static readonly PersistentNamespace Network = new("net", Namespaces.CloneNewNet);
    public static readonly PersistentNamespace Ipc = new("ipc", Namespaces.CloneNewIpc);
    public static readonly PersistentNamespace Uts = new("uts", Namespaces.CloneNewUts);

    /// <summary>
    /// Makes a fresh namespace bound at <paramref name="path"/> (which must not exist); <paramref name="inside"/>
    /// runs in it first (a UTS namespace's hostname). The file is removed again if that fails.
    /// </summary>
    public async Task CreateAsync(string path, Action? inside = null)
    {
        using (File.Open(path, FileMode.CreateNew, FileAccess.Write))
        {
        }
        try
        {
            await NamespaceThread.RunAsync(() => BindNew(path, inside));
        }
        catch
        {
            Remove(path);
            throw;
        }
    }

    /// <summary>Whether <paramref name="path"/> is a bound namespace (not a placeholder a killed process left).</summary>
    public static bool IsBound(string path) => File.Exists(path) && FileSystems.TypeOf(path) == FileSystems.NsfsMagic;

    /// <summary>Unmounts and deletes the namespace file; a missing one is fine.</summary>
    public static void Remove(string path)
    {
        Mounts.Unmount(path);
        File.Delete(path);
    }

    // unshare moves only the calling thread, so it runs on a thread of its own that returns to the
    // host's namespace before it ends.
    private bool BindNew(string path, Action? inside)
    {
        var own = $"/proc/thread-self/ns/{Kind}";
        using var host = File.OpenHandle(own);
        Namespaces.Unshare(CloneFlag);
        try
        {
            inside?.Invoke();
            Mounts.Bind(own, path);
            return true;
        }
        finally
        {
            Namespaces.Enter(host, CloneFlag);
        }
    }
}
