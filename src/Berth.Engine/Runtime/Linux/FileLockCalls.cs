using System.Runtime.InteropServices;

namespace Berth.Engine.Runtime.Linux;

/// <summary>flock(2) on an open file descriptor.</summary>
internal static partial class FileLockCalls
{
    private const int LockEx = 2;

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int FlockNative(int fd, int operation);

    /// <summary>Blocks until the exclusive lock is held; it is released when the descriptor closes.</summary>
    public static void LockExclusive(SafeHandle file)
    {
        const int EINTR = 4;
        while (FlockNative((int)file.DangerousGetHandle(), LockEx) < 0)
        {
            if (Marshal.GetLastPInvokeError() != EINTR)
            {
                Syscall.Check(-1, "flock");
            }
        }
    }
}
