using System.Runtime.InteropServices;

namespace Berth.Engine.Linux;

/// <summary>kill(2), waitpid(2), pipe2(2) and the bytes waiting in a pipe (FIONREAD).</summary>
internal static partial class ProcessCalls
{
    private const int OCloexec = 0x80000;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int KillNative(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPidNative(int pid, out int status, int options);

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    private static unsafe partial int Pipe2Native(int* fds, int flags);

    private const ulong FionRead = 0x541B;

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlCount(int fd, ulong request, out int count);

    /// <summary>Bytes written to a pipe or FIFO (either end) that its reader has not read yet.</summary>
    public static int UnreadBytes(int fd)
    {
        Syscall.Check(IoctlCount(fd, FionRead, out var count), "ioctl FIONREAD");
        return count;
    }

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>True when the process exists (signal 0 probe).</summary>
    public static bool IsAlive(int pid) => pid > 0 && (KillNative(pid, 0) == 0 || Marshal.GetLastPInvokeError() == 1);

    public static void Signal(int pid, int signal) => Syscall.Check(KillNative(pid, signal), $"kill {pid}");

    /// <summary>Reaps a child; returns its raw wait status.</summary>
    public static int WaitForChild(int pid)
    {
        const int EINTR = 4;
        int status;
        while (WaitPidNative(pid, out status, 0) < 0)
        {
            if (Marshal.GetLastPInvokeError() != EINTR)
            {
                Syscall.Check(-1, "waitpid");
            }
        }
        return status;
    }

    /// <summary>Reaps a child that has ended, without waiting: its raw wait status, or null while it runs.</summary>
    public static int? TryReapChild(int pid)
    {
        const int WNOHANG = 1;
        var reaped = WaitPidNative(pid, out var status, WNOHANG);
        Syscall.Check(reaped, "waitpid");
        return reaped > 0 ? status : null;
    }

    /// <summary>A close-on-exec pipe: (read end, write end).</summary>
    public static unsafe (int Read, int Write) Pipe()
    {
        var fds = stackalloc int[2];
        Syscall.Check(Pipe2Native(fds, OCloexec), "pipe2");
        return (fds[0], fds[1]);
    }
}
