using Microsoft.Win32.SafeHandles;

using Berth.Engine.Linux;

namespace Berth.Engine.Store;

/// <summary>
/// An exclusive flock(2) on one file, held until disposed. The kernel drops it when the process dies,
/// so a SIGKILLed berth never leaves the store locked.
/// </summary>
public sealed class StoreLock : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private readonly SafeFileHandle _file;

    private StoreLock(SafeFileHandle file) => _file = file;

    /// <summary>Waits until the lock on <paramref name="path"/> is free, then takes it.</summary>
    public static async Task<StoreLock> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var file = Posix.OpenLockFile(path);
        try
        {
            while (!Posix.TryLockExclusive(file))
            {
                await Task.Delay(PollInterval, cancellationToken);
            }
            return new StoreLock(file);
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
