using Berth.Engine.Linux;

namespace Berth.Engine.Containers;

/// <summary>An exclusive flock(2) on a file, held until disposed; works across processes (two `berth run`).</summary>
public sealed class FileLock : IDisposable
{
    private int _fd;

    private FileLock(int fd) => _fd = fd;

    public static FileLock Acquire(string path) => new(FileLockCalls.OpenLocked(path));

    public void Dispose()
    {
        if (_fd >= 0)
        {
            ProcessCalls.Close(_fd);
            _fd = -1;
        }
    }
}
