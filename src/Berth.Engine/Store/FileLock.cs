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

    /// <summary>Blocks the calling thread until the lock on <paramref name="path"/> is held.</summary>
    public static FileLock Acquire(string path)
    {
        var file = Open(path);
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

    /// <summary>The lock if no one else holds it, else null (without waiting).</summary>
    public static FileLock? TryAcquire(string path)
    {
        var file = Open(path);
        if (Posix.TryLockExclusive(file))
        {
            return new FileLock(file);
        }
        file.Dispose();
        return null;
    }

    /// <summary>Waits, without blocking a thread, until the lock on <paramref name="path"/> is free, then takes it.</summary>
    public static async Task<FileLock> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        var file = Open(path);
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

    private static SafeFileHandle Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return Posix.OpenLockFile(path);
    }

    public void Dispose()
    {
        Posix.Unlock(_file);
        _file.Dispose();
    }
}
