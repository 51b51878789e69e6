using System.Runtime.InteropServices;

namespace Berth.Engine.Linux;

/// <summary>
/// sigprocmask(2) on the calling thread. A blocked signal mask survives exec: conmon 2.1 blocks SIGCHLD
/// and SIGUSR1 for its signalfd and runs its --exit-command with that mask, and a .NET process whose
/// SIGCHLD is blocked never sees its children exit (Process.WaitForExitAsync hangs).
/// </summary>
public static partial class SignalMask
{
    private const int SigSetmask = 2;

    // glibc's sigset_t is 1024 bits, and sigprocmask reads all of it.
    private const int SigsetBytes = 128;

    [LibraryImport("libc", EntryPoint = "sigprocmask", SetLastError = true)]
    private static unsafe partial int SigProcMask(int how, byte* set, byte* oldSet);

    /// <summary>Unblocks every signal on the calling thread (call it first thing on the main thread).</summary>
    public static unsafe void UnblockAll()
    {
        var empty = stackalloc byte[SigsetBytes];
        new Span<byte>(empty, SigsetBytes).Clear();
        Syscall.Check(SigProcMask(SigSetmask, empty, null), "sigprocmask");
    }
}
