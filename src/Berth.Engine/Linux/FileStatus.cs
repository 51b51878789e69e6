namespace Berth.Engine.Linux;

/// <summary>What lstat(2) says about a file, reduced to what layers record.</summary>
internal readonly record struct FileStatus(uint Mode, int Uid, int Gid, uint DeviceMajor, uint DeviceMinor, ulong Inode, ulong LinkCount)
{
    public uint FileType => Mode & Posix.FileTypeMask;

    public bool IsWhiteoutDevice => FileType == Posix.CharacterDevice && DeviceMajor == 0 && DeviceMinor == 0;
}
