using System.Runtime.InteropServices;

namespace Berth.Engine.Linux;

/// <summary>isatty(3), tcgetattr(3), tcsetattr(3) and cfmakeraw(3) on an opaque termios buffer; window sizes; new pseudo-terminals.</summary>
internal static partial class TerminalCalls
{
    // struct termios is 60 bytes on Linux; the buffer leaves room.
    public const int TermiosSize = 128;
    private const int TcsaNow = 0;

    [LibraryImport("libc", EntryPoint = "isatty")]
    public static partial int IsATty(int fd);

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    private static partial int TcGetAttr(int fd, byte[] termios);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    private static partial int TcSetAttr(int fd, int actions, byte[] termios);

    private const ulong TiocGWinSz = 0x5413;

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlWinSize(int fd, ulong request, out WindowSize size);

    private const ulong TiocSWinSz = 0x5414;

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlSetWinSize(int fd, ulong request, in WindowSize size);

    private const int OpenReadWrite = 2;
    private const int OpenNoControllingTerminal = 0x100;

    [LibraryImport("libc", EntryPoint = "posix_openpt", SetLastError = true)]
    private static partial int PosixOpenPt(int flags);

    [LibraryImport("libc", EntryPoint = "grantpt", SetLastError = true)]
    private static partial int GrantPt(int fd);

    [LibraryImport("libc", EntryPoint = "unlockpt", SetLastError = true)]
    private static partial int UnlockPt(int fd);

    [LibraryImport("libc", EntryPoint = "ptsname_r", SetLastError = true)]
    private static partial int PtsNameR(int fd, byte[] buffer, nuint length);

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    private static partial void CfMakeRaw(byte[] termios);

    public static byte[] GetAttributes(int fd)
    {
        var termios = new byte[TermiosSize];
        Syscall.Check(TcGetAttr(fd, termios), "tcgetattr");
        return termios;
    }

    public static void SetAttributes(int fd, byte[] termios) => Syscall.Check(TcSetAttr(fd, TcsaNow, termios), "tcsetattr");

    /// <summary>The terminal's rows and columns (TIOCGWINSZ); null when <paramref name="fd"/> is not a terminal.</summary>
    public static (int Rows, int Columns)? GetWindowSize(int fd) =>
        IoctlWinSize(fd, TiocGWinSz, out var size) == 0 ? (size.Rows, size.Columns) : null;

    /// <summary>Sets the terminal's size (TIOCSWINSZ): its foreground process group gets SIGWINCH.</summary>
    public static void SetWindowSize(int fd, int rows, int columns) =>
        Syscall.Check(IoctlSetWinSize(fd, TiocSWinSz, new WindowSize { Rows = (ushort)rows, Columns = (ushort)columns }), "ioctl(TIOCSWINSZ)");

    /// <summary>Opens a new pseudo-terminal's master side, not as this process's controlling terminal; returns its fd and the subsidiary's path.</summary>
    public static (int Master, string SubsidiaryPath) OpenPseudoTerminal()
    {
        var master = PosixOpenPt(OpenReadWrite | OpenNoControllingTerminal);
        Syscall.Check(master, "posix_openpt");
        var name = new byte[128];
        Syscall.Check(GrantPt(master), "grantpt");
        Syscall.Check(UnlockPt(master), "unlockpt");
        var error = PtsNameR(master, name, (nuint)name.Length);
        if (error != 0)
        {
            throw new IOException($"ptsname_r: {Marshal.GetPInvokeErrorMessage(error)}", error);
        }
        return (master, System.Text.Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0)));
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct WindowSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }

    public static byte[] MakeRaw(byte[] termios)
    {
        var raw = (byte[])termios.Clone();
        CfMakeRaw(raw);
        return raw;
    }
}
