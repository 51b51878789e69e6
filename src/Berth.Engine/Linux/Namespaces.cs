using System.Runtime.InteropServices;

namespace Berth.Engine.Linux;

/// <summary>unshare(2) and setns(2) for the calling thread only (namespaces are per task).</summary>
internal static partial class Namespaces
{
    public const int CloneNewNet = 0x40000000;
    public const int CloneNewIpc = 0x08000000;
    public const int CloneNewUts = 0x04000000;

    /// <summary>sethostname(2): the name of the calling thread's UTS namespace.</summary>
    public static void SetHostname(string name)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(name);
        Syscall.Check(sethostname(bytes, (nuint)bytes.Length), "sethostname");
    }

    /// <summary>Moves the calling thread into a new namespace of the given kind.</summary>
    public static void Unshare(int flags)
    {
        Syscall.Check(unshare(flags), "unshare");
    }

    /// <summary>Moves the calling thread into the namespace the file descriptor refers to.</summary>
    public static void Enter(SafeHandle namespaceFile, int nsType)
    {
        Syscall.Check(setns((int)namespaceFile.DangerousGetHandle(), nsType), "setns");
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int unshare(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sethostname(byte[] name, nuint length);
}
