using Berth.Engine.Containers.Changes;
using Berth.Engine.Snapshots;

namespace Berth.Engine.Tests.Containers.Changes;

public sealed class UpperDirectoryChangesTests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("berth-changes-");

    private string Dir(string relative) => Directory.CreateDirectory(Path.Combine(_scratch.FullName, relative)).FullName;

    private void Write(string relative) => File.WriteAllText(Path.Combine(_scratch.FullName, relative), "x");

    [Fact]
    public void Compute_AddedChangedAndDeleted_AreSortedByPathWithCopiedUpParents()
    {
        var lower = Dir("lower");
        Dir("lower/etc");
        Dir("lower/tmp");
        Write("lower/etc/passwd");
        Write("lower/etc/group");
        var upper = Dir("upper");
        Dir("upper/etc");
        Dir("upper/tmp");
        Dir("upper/new");
        Write("upper/etc/group");
        Write("upper/tmp/x");
        Write("upper/new/file");
        OverlayWhiteout.CreateWhiteout(Path.Combine(upper, "etc", "passwd"));

        var changes = UpperDirectoryChanges.Compute(upper, [lower]);

        Assert.Equal(["C /etc", "C /etc/group", "D /etc/passwd", "A /new", "A /new/file", "C /tmp", "A /tmp/x"], changes.Select(c => $"{c.Letter} {c.Path}"));
    }

    [Fact]
    public void Compute_PathWhitedOutByAHigherLayer_IsAnAddition()
    {
        var bottom = Dir("bottom");
        Write("bottom/gone");
        var top = Dir("top");
        OverlayWhiteout.CreateWhiteout(Path.Combine(top, "gone"));
        var upper = Dir("upper");
        Write("upper/gone");

        var changes = UpperDirectoryChanges.Compute(upper, [bottom, top]);

        Assert.Equal([new FilesystemChange("/gone", ChangeKind.Added)], changes);
    }

    [Fact]
    public void Compute_NoUpperDirectory_HasNoChanges() =>
        Assert.Empty(UpperDirectoryChanges.Compute(Path.Combine(_scratch.FullName, "missing"), [Dir("lower")]));

    public void Dispose() => _scratch.Delete(recursive: true);
}
