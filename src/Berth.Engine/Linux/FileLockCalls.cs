using System.Runtime.InteropServices;

namespace Berth.Engine.Linux;

/// <summary>
/// open(2) + flock(2). The descriptor is opened directly: a .NET FileStream takes its own non-blocking
/// shared flock, which would fail while another process holds the exclusive one.
/// </summary>
internal static partial class FileLockCalls
{
    private const int LockEx = 2, LockNb = 4;
    private const int EWouldBlock = 11;
    private const int ORdwr = 2, OCreat = 0x40, OCloexec = 0x80000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int FlockNative(int fd, int operation);

    /// <summary>Opens (creating) the file and blocks until its exclusive lock is held; closing the descriptor releases it.</summary>
    public static int OpenLocked(string path) => Open(path, LockEx);

    /// <summary>As <see cref="OpenLocked"/>, but returns -1 at once when another descriptor holds the lock.</summary>
    public static int TryOpenLocked(string path) => Open(path, LockEx | LockNb);

    private static int Open(string path, int operation)
    {
        var fd = OpenNative(path, ORdwr | OCreat | OCloexec, 0x1a4);
        Syscall.Check(fd, $"open {path}");
        const int EINTR = 4;
        while (FlockNative(fd, operation) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != EINTR)
            {
                ProcessCalls.Close(fd);
                if (errno == EWouldBlock)
                {
                    return -1;
                }
                throw new IOException($"flock {path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
            }
        }
        return fd;
    }
}
