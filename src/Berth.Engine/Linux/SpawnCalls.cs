using System.Runtime.InteropServices;

namespace Berth.Engine.Linux;

/// <summary>
/// posix_spawn(3) with file actions: starts a process whose stdio and extra descriptors are exactly
/// the ones given, which <see cref="System.Diagnostics.Process"/> cannot express.
/// </summary>
internal static partial class SpawnCalls
{
    // glibc's posix_spawn_file_actions_t is 80 bytes on x86-64 and arm64; leave room.
    private const int FileActionsSize = 256;
    private const int ORdonly = 0, OWronly = 1, OCreat = 0x40, OAppend = 0x400;

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    private static partial int FileActionsInit(nint actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    private static partial int FileActionsDestroy(nint actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int FileActionsAddOpen(nint actions, int fd, string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    private static partial int FileActionsAddDup2(nint actions, int fd, int newFd);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int FileActionsAddChdir(nint actions, string path);

    [LibraryImport("libc", EntryPoint = "posix_spawn", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int PosixSpawn(out int pid, string path, nint actions, nint attributes, nint argv, nint envp);

    /// <summary>
    /// Starts <paramref name="path"/> with stdin and stdout on /dev/null, stderr appended to
    /// <paramref name="stderrPath"/>, and each (source, target) descriptor pair duplicated into the child.
    /// </summary>
    public static int Spawn(string path, IReadOnlyList<string> argv, IReadOnlyList<string> env, string workingDirectory,
        string stderrPath, IReadOnlyList<(int Source, int Target)> descriptors)
    {
        var actions = Marshal.AllocHGlobal(FileActionsSize);
        var strings = new List<nint>();
        try
        {
            Check(FileActionsInit(actions), "posix_spawn_file_actions_init");
            Check(FileActionsAddOpen(actions, 0, "/dev/null", ORdonly, 0), "addopen stdin");
            Check(FileActionsAddOpen(actions, 1, "/dev/null", OWronly, 0), "addopen stdout");
            Check(FileActionsAddOpen(actions, 2, stderrPath, OWronly | OCreat | OAppend, 0x180), "addopen stderr");
            foreach (var (source, target) in descriptors)
            {
                Check(FileActionsAddDup2(actions, source, target), "adddup2");
            }
            Check(FileActionsAddChdir(actions, workingDirectory), "addchdir");
            var argvBlock = ToNullTerminated(argv, strings);
            var envBlock = ToNullTerminated(env, strings);
            Check(PosixSpawn(out var pid, path, actions, 0, argvBlock, envBlock), $"spawn {path}");
            return pid;
        }
        finally
        {
            FileActionsDestroy(actions);
            Marshal.FreeHGlobal(actions);
            foreach (var p in strings)
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }

    // glibc's posix_spawnattr_t is 336 bytes on x86-64; leave room. A sigset_t is 1024 bits.
    private const int AttributesSize = 512;
    private const int SigsetBytes = 128;
    private const short SetSignalDefaults = 0x04, SetSignalMask = 0x08, SetSession = 0x80;

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    private static partial int AttributesInit(nint attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    private static partial int AttributesDestroy(nint attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    private static partial int AttributesSetFlags(nint attributes, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    private static partial int AttributesSetSignalMask(nint attributes, nint mask);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    private static partial int AttributesSetSignalDefaults(nint attributes, nint signals);

    /// <summary>
    /// Starts <paramref name="path"/> in a session of its own (what setsid(1) does, without its exec and locale loading), with
    /// every signal at its default action and none blocked (this process ignores SIGPIPE, which an exec would pass on), stdin
    /// inherited or on /dev/null, stdout and stderr on <paramref name="stdoutFd"/> and <paramref name="stderrFd"/>.
    /// </summary>
    public static unsafe int SpawnInSession(string path, IReadOnlyList<string> argv, IReadOnlyList<string> env, bool stdinFromNull, int stdoutFd, int stderrFd)
    {
        var actions = Marshal.AllocHGlobal(FileActionsSize);
        var attributes = Marshal.AllocHGlobal(AttributesSize);
        var noSignals = stackalloc byte[SigsetBytes];
        var allSignals = stackalloc byte[SigsetBytes];
        var strings = new List<nint>();
        try
        {
            Check(FileActionsInit(actions), "posix_spawn_file_actions_init");
            if (stdinFromNull)
            {
                Check(FileActionsAddOpen(actions, 0, "/dev/null", ORdonly, 0), "addopen stdin");
            }
            Check(FileActionsAddDup2(actions, stdoutFd, 1), "adddup2 stdout");
            Check(FileActionsAddDup2(actions, stderrFd, 2), "adddup2 stderr");
            Check(AttributesInit(attributes), "posix_spawnattr_init");
            new Span<byte>(noSignals, SigsetBytes).Clear();
            // Every bit by hand: sigfillset(3) leaves out glibc's own signals (32, 33), which posix_spawn then sets to SIG_IGN
            // in the child when this process handles them, and an ignored signal stays ignored in the container.
            new Span<byte>(allSignals, SigsetBytes).Fill(0xFF);
            Check(AttributesSetSignalMask(attributes, (nint)noSignals), "posix_spawnattr_setsigmask");
            Check(AttributesSetSignalDefaults(attributes, (nint)allSignals), "posix_spawnattr_setsigdefault");
            Check(AttributesSetFlags(attributes, SetSignalDefaults | SetSignalMask | SetSession), "posix_spawnattr_setflags");
            var argvBlock = ToNullTerminated(argv, strings);
            var envBlock = ToNullTerminated(env, strings);
            Check(PosixSpawn(out var pid, path, actions, attributes, argvBlock, envBlock), $"spawn {path}");
            return pid;
        }
        finally
        {
            AttributesDestroy(attributes);
            FileActionsDestroy(actions);
            Marshal.FreeHGlobal(attributes);
            Marshal.FreeHGlobal(actions);
            foreach (var p in strings)
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }

    private static nint ToNullTerminated(IReadOnlyList<string> values, List<nint> owned)
    {
        var block = Marshal.AllocCoTaskMem(nint.Size * (values.Count + 1));
        owned.Add(block);
        for (var i = 0; i < values.Count; i++)
        {
            var s = Marshal.StringToCoTaskMemUTF8(values[i]);
            owned.Add(s);
            Marshal.WriteIntPtr(block, i * nint.Size, s);
        }
        Marshal.WriteIntPtr(block, values.Count * nint.Size, 0);
        return block;
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new IOException($"{what}: {Marshal.GetPInvokeErrorMessage(error)}", error);
        }
    }
}
