using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Berth.Engine.Linux;

/// <summary>The libc calls the image store needs that .NET does not expose, each a thin checked wrapper.</summary>
internal static partial class Posix
{
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int LockUnlock = 8;
    private const int EWouldBlock = 11;
    private const int EIntr = 4;
    private const int ENoData = 61;
    private const int ENoEnt = 2;
    private const int ENotDir = 20;

    public const uint FileTypeMask = 0xF000;
    public const uint CharacterDevice = 0x2000;
    public const uint BlockDevice = 0x6000;
    public const uint Fifo = 0x1000;
    public const uint Directory = 0x4000;
    public const uint RegularFile = 0x8000;
    public const uint SymbolicLink = 0xA000;
    public const uint Socket = 0xC000;

    /// <summary>
    /// Opens (creating) a lock file with open(2) directly: a FileStream would take .NET's own flock on it,
    /// which conflicts with ours across processes.
    /// </summary>
    public static SafeFileHandle OpenLockFile(string path)
    {
        const int readWrite = 2, create = 0x40, closeOnExec = 0x80000;
        var fd = open(path, readWrite | create | closeOnExec, 0x1A4);
        return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : throw Failure("open", Marshal.GetLastPInvokeError(), path);
    }

    /// <summary>Blocks until the exclusive flock is held, retrying when a signal interrupts the wait.</summary>
    public static void LockExclusiveWaiting(SafeHandle file)
    {
        while (flock(file, LockExclusive) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != EIntr)
            {
                throw Failure("flock", errno);
            }
        }
    }

    /// <summary>Takes an exclusive flock without waiting; false when another process holds it.</summary>
    public static bool TryLockExclusive(SafeHandle file)
    {
        if (flock(file, LockExclusive | LockNonBlocking) == 0)
        {
            return true;
        }
        var errno = Marshal.GetLastPInvokeError();
        return errno == EWouldBlock ? false : throw Failure("flock", errno);
    }

    public static void Unlock(SafeHandle file) => flock(file, LockUnlock);

    /// <summary>Changes owner without following a symbolic link.</summary>
    public static void LChown(string path, int uid, int gid) => Check(lchown(path, uid, gid), "lchown", path);

    /// <summary>Creates a device node or fifo; <paramref name="mode"/> carries the file type bits.</summary>
    public static void MkNod(string path, uint mode, uint major, uint minor) =>
        Check(mknod(path, mode, MakeDevice(major, minor)), "mknod", path);

    /// <summary>Sets all twelve permission bits (setuid, setgid and sticky included), following no umask.</summary>
    public static void Chmod(string path, uint mode) => Check(chmod(path, mode & 0xFFF), "chmod", path);

    public static void Link(string existing, string path) => Check(link(existing, path), "link", path);

    /// <summary>rename(2): atomically replaces <paramref name="path"/>, a symbolic link included, which File.Move would follow.</summary>
    public static void Rename(string existing, string path) => Check(rename(existing, path), "rename", path);

    public static void LSetXattr(string path, string name, byte[] value) =>
        Check(lsetxattr(path, name, value, (nuint)value.Length, 0), "lsetxattr", path);

    /// <summary>Reads an extended attribute; null when the file does not carry it.</summary>
    public static byte[]? LGetXattr(string path, string name)
    {
        var buffer = new byte[256];
        var length = lgetxattr(path, name, buffer, (nuint)buffer.Length);
        if (length < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == ENoData ? null : throw Failure("lgetxattr", errno, path);
        }
        return buffer[..(int)length];
    }

    /// <summary>Reads file type, mode, owner and device numbers without following a symbolic link.</summary>
    public static FileStatus LStat(string path)
    {
        Check(lstat(path, out var stat), "lstat", path);
        var rdev = stat.Rdev;
        var major = (uint)(((rdev >> 32) & 0xfffff000) | ((rdev >> 8) & 0xfff));
        var minor = (uint)(((rdev >> 12) & 0xffffff00) | (rdev & 0xff));
        return new FileStatus(stat.Mode, (int)stat.Uid, (int)stat.Gid, major, minor, stat.Ino, stat.Nlink);
    }

    /// <summary>
    /// Whether another filesystem is mounted on <paramref name="directory"/>: it lies on another device
    /// than its parent (mountpoint(1)'s test, without reading the whole mount table).
    /// </summary>
    public static bool IsMountPoint(string directory)
    {
        Check(lstat(directory, out var own), "lstat", directory);
        var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory))) ?? "/";
        Check(lstat(parent, out var above), "lstat", parent);
        return own.Dev != above.Dev || own.Ino == above.Ino;
    }

    /// <summary>Like <see cref="LStat"/>, but false when nothing is at <paramref name="path"/>.</summary>
    public static bool TryLStat(string path, out FileStatus status)
    {
        status = default;
        if (lstat(path, out _) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is ENoEnt or ENotDir ? false : throw Failure("lstat", errno, path);
        }
        status = LStat(path);
        return true;
    }

    /// <summary>realpath(3): the absolute path with every symbolic link, <c>.</c> and <c>..</c> resolved; the file must exist.</summary>
    public static string RealPath(string path)
    {
        var resolved = realpath(path, 0);
        if (resolved == 0)
        {
            throw Failure("realpath", Marshal.GetLastPInvokeError(), path);
        }
        try
        {
            return Marshal.PtrToStringUTF8(resolved)!;
        }
        finally
        {
            free(resolved);
        }
    }

    private static ulong MakeDevice(uint major, uint minor) =>
        ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8) |
        ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);

    private static void Check(int result, string call, string path)
    {
        if (result != 0)
        {
            throw Failure(call, Marshal.GetLastPInvokeError(), path);
        }
    }

    private static IOException Failure(string call, int errno, string? path = null) =>
        new($"{call}{(path is null ? "" : $" {path}")}: {Marshal.GetPInvokeErrorMessage(errno)}");

    /// <summary>struct stat as glibc lays it out on x86_64 and arm64-compatible 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Stat
    {
        public ulong Dev;
        public ulong Ino;
        public ulong Nlink;
        public uint Mode;
        public uint Uid;
        public uint Gid;
        private readonly int _pad0;
        public ulong Rdev;
        public long Size;
        public long BlkSize;
        public long Blocks;
        public long ATime;
        public long ATimeNs;
        public long MTime;
        public long MTimeNs;
        public long CTime;
        public long CTimeNs;
        private readonly long _reserved0;
        private readonly long _reserved1;
        private readonly long _reserved2;
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint realpath(string path, nint resolved);

    [LibraryImport("libc")]
    private static partial void free(nint pointer);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags, uint mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int flock(SafeHandle fd, int operation);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lchown(string path, int owner, int group);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mknod(string path, uint mode, ulong dev);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int chmod(string path, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rename(string oldpath, string newpath);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int link(string oldpath, string newpath);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lsetxattr(string path, string name, byte[] value, nuint size, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint lgetxattr(string path, string name, byte[] value, nuint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lstat(string path, out Stat buf);
}
