using System.Runtime.InteropServices;

namespace Berth.Engine.Linux;

/// <summary>getrlimit(2).</summary>
internal static partial class ResourceLimitCalls
{
    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRLimitNative(int resource, out RLimit limit);

    /// <summary>The hard limit of a resource (RLIMIT_* number); ulong.MaxValue means unlimited.</summary>
    public static ulong HardLimit(int resource)
    {
        Syscall.Check(GetRLimitNative(resource, out var limit), "getrlimit");
        return limit.Maximum;
    }
}
