using Berth.Engine.Linux;

namespace Berth.Engine.Volumes;

/// <summary>
/// Copy-up, as Docker and Podman do it: a volume mounted where the image has a directory starts with a copy of that
/// directory's content, its owners, modes, times, symbolic links, hard links and device nodes kept, and the volume's
/// own directory takes the image directory's owner and mode (so a VOLUME a USER owns stays writable for that user).
/// Only an empty volume is filled (Docker's rule), so data a volume already holds is never overwritten.
/// </summary>
public static class VolumeCopyUp
{
    /// <summary>Fills <paramref name="volumeDirectory"/> from <paramref name="source"/> when the volume is empty and the source a directory; returns whether it did.</summary>
    public static bool CopyIfEmpty(string source, string volumeDirectory)
    {
        if (!Posix.TryLStat(source, out var status) || status.FileType != Posix.Directory || Directory.EnumerateFileSystemEntries(volumeDirectory).Any())
        {
            return false;
        }
        var links = new Dictionary<ulong, string>();
        CopyContents(source, volumeDirectory, links);
        CopyAttributes(source, volumeDirectory, status);
        return true;
    }

    private static void CopyContents(string source, string target, Dictionary<ulong, string> links)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(source))
        {
            var destination = Path.Combine(target, Path.GetFileName(entry));
            var status = Posix.LStat(entry);
            // A file with more than one name is copied once and linked again, as cp -a does.
            if (status.FileType != Posix.Directory && status.LinkCount > 1 && links.TryGetValue(status.Inode, out var first))
            {
                Posix.Link(first, destination);
                continue;
            }
            switch (status.FileType)
            {
                case Posix.Directory:
                    Directory.CreateDirectory(destination);
                    CopyContents(entry, destination, links);
                    break;
                case Posix.SymbolicLink:
                    File.CreateSymbolicLink(destination, new FileInfo(entry).LinkTarget!);
                    break;
                case Posix.RegularFile:
                    File.Copy(entry, destination);
                    break;
                default:
                    Posix.MkNod(destination, status.Mode, status.DeviceMajor, status.DeviceMinor);
                    break;
            }
            if (status.FileType != Posix.Directory && status.LinkCount > 1)
            {
                links[status.Inode] = destination;
            }
            CopyAttributes(entry, destination, status);
        }
    }

    /// <summary>Owner and mode (not through a symbolic link: a link's own mode means nothing), then the modification time.</summary>
    private static void CopyAttributes(string source, string destination, FileStatus status)
    {
        Posix.LChown(destination, status.Uid, status.Gid);
        if (status.FileType == Posix.SymbolicLink)
        {
            return;
        }
        Posix.Chmod(destination, status.Mode);
        if (status.FileType == Posix.Directory)
        {
            Directory.SetLastWriteTimeUtc(destination, Directory.GetLastWriteTimeUtc(source));
        }
        else
        {
            File.SetLastWriteTimeUtc(destination, File.GetLastWriteTimeUtc(source));
        }
    }
}
