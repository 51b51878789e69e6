using System.ComponentModel;
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

    /// <summary>Bind-mounts <paramref name="source"/> onto <paramref name="target"/>, which must exist.</summary>
    public static void Bind(string source, string target, bool recursive = false)
    {
        Check(mount(source, target, "none", MsBind | (recursive ? MsRec : 0), 0), "bind", target);
    }

    /// <summary>Makes <paramref name="path"/> a shared mount, first binding it onto itself when it is not a mount point (as `ip netns` does).</summary>
    public static void MakeSharedMountPoint(string path)
    {
        if (mount("none", path, null, MsShared | MsRec, 0) == 0)
        {
            return;
        }
        if (Marshal.GetLastPInvokeError() != EInval)
        {
            Check(-1, "make-shared", path);
        }
        Bind(path, path, recursive: true);
        Check(mount("none", path, null, MsShared | MsRec, 0), "make-shared", path);
    }

    /// <summary>Lazily unmounts <paramref name="target"/>; false when nothing was mounted there.</summary>
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
        throw new Win32Exception(errno, $"umount {target}: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    private static void Check(int rc, string what, string target)
    {
        if (rc != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new Win32Exception(errno, $"mount {what} {target}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mount(string source, string target, string? fstype, ulong flags, nint data);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int umount2(string target, int flags);
}
