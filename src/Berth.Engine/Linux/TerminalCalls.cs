using System.Runtime.InteropServices;

namespace Berth.Engine.Linux;

/// <summary>isatty(3), tcgetattr(3), tcsetattr(3) and cfmakeraw(3) on an opaque termios buffer.</summary>
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
