using System.Formats.Tar;
using Berth.Engine.Runtime;

namespace Berth.Engine.Containers.Files;

/// <summary>
/// Who owns what a tar extraction creates. `cp` into a container gives every entry to the container's primary user
/// and group (Podman's default `--archive`, the Docker API's copyUIDGID); `--archive=false` and dockerd's default keep
/// the owners the archive carries; files copied out to the host belong to the caller, who creates them.
/// </summary>
public sealed class TarOwnership
{
    private readonly Func<TarEntry, (int Uid, int Gid)?> _ownerOf;

    private TarOwnership(Func<TarEntry, (int Uid, int Gid)?> ownerOf) => _ownerOf = ownerOf;

    public static TarOwnership Caller { get; } = new(_ => null);

    public static TarOwnership FromArchive { get; } = new(entry => (entry.Uid, entry.Gid));

    public static TarOwnership Of(ContainerUser user) => new(_ => ((int)user.Uid, (int)user.Gid));

    /// <summary>
    /// Gives <paramref name="path"/>, just extracted from <paramref name="entry"/>, its owner (a hard link shares its
    /// target's); the mode is set again after, because chown clears the set-user-ID and set-group-ID bits.
    /// </summary>
    internal void Apply(string path, TarEntry entry)
    {
        if (entry.EntryType == TarEntryType.HardLink || _ownerOf(entry) is not var (uid, gid))
        {
            return;
        }
        Linux.Posix.LChown(path, uid, gid);
        if (entry.EntryType != TarEntryType.SymbolicLink)
        {
            Linux.Posix.Chmod(path, (uint)entry.Mode);
        }
    }
}
