using System.Runtime.InteropServices;

namespace Berth.Engine.Linux;

/// <summary>Turns a failed libc call into an exception that names the call and errno.</summary>
internal static class Syscall
{
    public static void Check(int result, string what)
    {
        if (result < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"{what}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }
    }
}
