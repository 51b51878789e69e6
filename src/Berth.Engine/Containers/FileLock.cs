using Berth.Engine.Linux;

namespace Berth.Engine.Containers;

/// <summary>An exclusive flock(2) on a file, held until disposed; works across processes (two `berth run`).</summary>
public sealed class FileLock : IDisposable
{
    private int _fd;

    private FileLock(int fd) => _fd = fd;

    public static FileLock Acquire(string path) => new(FileLockCalls.OpenLocked(path));

    /// <summary>The lock if no one else holds it, else null (without waiting).</summary>
    public static FileLock? TryAcquire(string path) => FileLockCalls.TryOpenLocked(path) is var fd and >= 0 ? new FileLock(fd) : null;

    public void Dispose()
    {
        if (_fd >= 0)
        {
            ProcessCalls.Close(_fd);
            _fd = -1;
        }
    }
}
