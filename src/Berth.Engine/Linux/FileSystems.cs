using System.Runtime.InteropServices;

namespace Berth.Engine.Linux;

/// <summary>statfs(2): which kind of filesystem a path lives on.</summary>
internal static partial class FileSystems
{
    /// <summary>f_type of a bind-mounted namespace file (NSFS_MAGIC, linux/magic.h).</summary>
    public const long NsfsMagic = 0x6e736673;

    /// <summary>The filesystem type (f_type) of <paramref name="path"/>.</summary>
    public static unsafe long TypeOf(string path)
    {
        // struct statfs is 120 bytes on x86_64 and arm64; f_type is its first word.
        var buffer = stackalloc long[32];
        Syscall.Check(statfs(path, buffer), $"statfs {path}");
        return buffer[0];
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int statfs(string path, long* buffer);
}
