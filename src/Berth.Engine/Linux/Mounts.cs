using System.Runtime.InteropServices;

namespace Berth.Engine.Linux;

/// <summary>mount(2) and umount2(2) for the few mount operations the engine needs.</summary>
internal static partial class Mounts
{
    private const ulong MsBind = 0x1000;
    private const ulong MsRec = 0x4000;
    private const ulong MsShared = 1 << 20;
    private const int MntDetach = 2;
    private const int EInval = 22;
    private const int ENoent = 2;

    /// <summary>Mounts a filesystem of type <paramref name="fstype"/> with its option string (overlay's lowerdir=…).</summary>
    public static void Mount(string source, string target, string fstype, string? options, ulong flags = 0) =>
        Syscall.Check(mount(source, target, fstype, flags, options), $"mount {fstype} on {target}");

    /// <summary>Bind-mounts <paramref name="source"/> onto <paramref name="target"/>, which must exist.</summary>
    public static void Bind(string source, string target, bool recursive = false) =>
        Syscall.Check(mount(source, target, "none", MsBind | (recursive ? MsRec : 0), null), $"mount bind {target}");

    /// <summary>Makes <paramref name="path"/> a shared mount, first binding it onto itself when it is not a mount point (as `ip netns` does).</summary>
    public static void MakeSharedMountPoint(string path)
    {
        if (mount("none", path, null, MsShared | MsRec, null) == 0)
        {
            return;
        }
        if (Marshal.GetLastPInvokeError() != EInval)
        {
            Syscall.Check(-1, $"mount make-shared {path}");
        }
        Bind(path, path, recursive: true);
        Syscall.Check(mount("none", path, null, MsShared | MsRec, null), $"mount make-shared {path}");
    }

    /// <summary>Lazily detaches the mount at <paramref name="target"/>; false when nothing was mounted there.</summary>
    public static bool Unmount(string target)
    {
        if (umount2(target, MntDetach) == 0)
        {
            return true;
        }
        var errno = Marshal.GetLastPInvokeError();
        if (errno is EInval or ENoent)
        {
            return false;
        }
        throw new IOException($"umount {target}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mount(string source, string target, string? fstype, ulong flags, string? data);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int umount2(string target, int flags);
}
