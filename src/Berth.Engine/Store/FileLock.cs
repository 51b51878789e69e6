using Microsoft.Win32.SafeHandles;

using Berth.Engine.Linux;

namespace Berth.Engine.Store;

/// <summary>
/// An exclusive flock(2) on one file, held until disposed, shared by every berth process: the image
/// store, the container store and the network attachments all lock through it. The kernel drops the
/// lock when the process dies, so a SIGKILLed berth never leaves anything locked.
/// </summary>
public sealed class FileLock : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);
    private readonly SafeFileHandle _file;

    private FileLock(SafeFileHandle file) => _file = file;

    /// <summary>
    /// Blocks the calling thread until the lock on <paramref name="path"/> is held. The folder must exist:
    /// a container's lock fails once its folder is removed, rather than bringing the folder back.
    /// </summary>
    public static FileLock Acquire(string path)
    {
        var file = Posix.OpenLockFile(path);
        try
        {
            Posix.LockExclusiveWaiting(file);
            return new FileLock(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The lock if no one else holds it, else null (without waiting). The folder must exist.</summary>
    public static FileLock? TryAcquire(string path)
    {
        var file = Posix.OpenLockFile(path);
        if (Posix.TryLockExclusive(file))
        {
            return new FileLock(file);
        }
        file.Dispose();
        return null;
    }

    /// <summary>
    /// Waits, without blocking a thread, until the lock on <paramref name="path"/> is free, then takes it;
    /// creates the folder first (the image store and network locks come before anything else in a new root).
    /// </summary>
    public static async Task<FileLock> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var file = Posix.OpenLockFile(path);
        try
        {
            while (!Posix.TryLockExclusive(file))
            {
                await Task.Delay(PollInterval, cancellationToken);
            }
            return new FileLock(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Posix.Unlock(_file);
        _file.Dispose();
    }
}
