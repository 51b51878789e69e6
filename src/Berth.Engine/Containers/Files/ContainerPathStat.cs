using Berth.Engine.Linux;

namespace Berth.Engine.Containers.Files;

/// <summary>
/// What `docker cp` learns of a path in a container (dockerd's container.PathStat, sent base64 JSON in
/// X-Docker-Container-Path-Stat): its name, size, Go os.FileMode bits, modification time and link target.
/// </summary>
public sealed record ContainerPathStat(string Name, long Size, uint Mode, DateTimeOffset Modified, string LinkTarget)
{
    // Go's os.FileMode bits.
    private const uint GoDirectory = 1u << 31;
    private const uint GoSymlink = 1u << 27;
    private const uint GoDevice = 1u << 26;
    private const uint GoNamedPipe = 1u << 25;
    private const uint GoSocket = 1u << 24;
    private const uint GoSetuid = 1u << 23;
    private const uint GoSetgid = 1u << 22;
    private const uint GoCharDevice = 1u << 21;
    private const uint GoSticky = 1u << 20;

    public bool IsDirectory => (Mode & GoDirectory) != 0;

    /// <summary>Lstat of <paramref name="hostPath"/>, reported under <paramref name="name"/>.</summary>
    public static ContainerPathStat Of(string hostPath, string name)
    {
        var status = Posix.LStat(hostPath);
        var info = new FileInfo(hostPath);
        var mode = (status.Mode & 0x1FF)
            | ((status.Mode & 0x800) != 0 ? GoSetuid : 0)
            | ((status.Mode & 0x400) != 0 ? GoSetgid : 0)
            | ((status.Mode & 0x200) != 0 ? GoSticky : 0)
            | GoType(status.FileType);
        return new ContainerPathStat(name, status.FileType == Posix.RegularFile ? info.Length : 0, mode, info.LastWriteTimeUtc, info.LinkTarget ?? "");
    }

    private static uint GoType(uint fileType) => fileType switch
    {
        Posix.Directory => GoDirectory,
        Posix.SymbolicLink => GoSymlink,
        Posix.Fifo => GoNamedPipe,
        Posix.Socket => GoSocket,
        Posix.CharacterDevice => GoDevice | GoCharDevice,
        Posix.BlockDevice => GoDevice,
        _ => 0,
    };
}
