using System.Runtime.InteropServices;

namespace Berth.Engine.Linux;

/// <summary>mount(2) and umount2(2).</summary>
internal static partial class MountCalls
{
    private const int MntDetach = 2;

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MountNative(string source, string target, string fstype, ulong flags, string? data);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Umount2Native(string target, int flags);

    public static void Mount(string source, string target, string fstype, string? data) =>
        Syscall.Check(MountNative(source, target, fstype, 0, data), $"mount {fstype} on {target}");

    /// <summary>Lazily detaches the mount; returns false when nothing was mounted there.</summary>
    public static bool UnmountDetached(string target)
    {
        if (Umount2Native(target, MntDetach) == 0)
        {
            return true;
        }
        var errno = Marshal.GetLastPInvokeError();
        const int EINVAL = 22, ENOENT = 2;
        if (errno is EINVAL or ENOENT)
        {
            return false;
        }
        throw new IOException($"umount {target}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }
}
