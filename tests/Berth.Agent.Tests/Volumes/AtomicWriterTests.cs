using System.Text;
using Berth.Agent.Volumes;

namespace Berth.Agent.Tests.Volumes;

public sealed class AtomicWriterTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 13, 0, 0, TimeSpan.Zero);

    private readonly string _target = Directory.CreateTempSubdirectory("berth-atomic-").FullName;

    public void Dispose() => Directory.Delete(_target, recursive: true);

    [Fact]
    public void Write_LaysOutVisibleLinksThroughDataToATimestampedDirectory()
    {
        AtomicWriter.Write(_target, Payload(("greeting", "hello", 0x1A4), ("nested/deep.txt", "deep", 0x100)), Now);

        var version = new FileInfo(Path.Combine(_target, "..data")).LinkTarget!;
        Assert.StartsWith("..2026_12_04_13_00_00.", version);
        Assert.Equal("..data/greeting", new FileInfo(Path.Combine(_target, "greeting")).LinkTarget);
        Assert.Equal("..data/nested", new DirectoryInfo(Path.Combine(_target, "nested")).LinkTarget);
        Assert.Equal("hello", File.ReadAllText(Path.Combine(_target, "greeting")));
        Assert.Equal("deep", File.ReadAllText(Path.Combine(_target, "nested", "deep.txt")));
        Assert.Equal("400", Convert.ToString((int)new FileInfo(Path.Combine(_target, version, "nested", "deep.txt")).UnixFileMode, 8));
    }

    [Fact]
    public void Write_Update_SwapsDataToANewVersion_DropsWhatIsGone_AndRemovesTheOldVersion()
    {
        AtomicWriter.Write(_target, Payload(("greeting", "hello", 0x1A4), ("gone", "x", 0x1A4)), Now);
        var first = new FileInfo(Path.Combine(_target, "..data")).LinkTarget!;

        var changed = AtomicWriter.Write(_target, Payload(("greeting", "bye", 0x1A4), ("added", "new", 0x1A4)), Now.AddSeconds(10));

        Assert.True(changed);
        Assert.Equal("bye", File.ReadAllText(Path.Combine(_target, "greeting")));
        Assert.Equal("new", File.ReadAllText(Path.Combine(_target, "added")));
        Assert.False(Path.Exists(Path.Combine(_target, "gone")));
        Assert.False(Directory.Exists(Path.Combine(_target, first)));
        Assert.Equal([new FileInfo(Path.Combine(_target, "..data")).LinkTarget!, "..data", "added", "greeting"],
            Directory.EnumerateFileSystemEntries(_target).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Write_SamePayload_ChangesNothing()
    {
        AtomicWriter.Write(_target, Payload(("greeting", "hello", 0x1A4)), Now);
        var first = new FileInfo(Path.Combine(_target, "..data")).LinkTarget;

        Assert.False(AtomicWriter.Write(_target, Payload(("greeting", "hello", 0x1A4)), Now.AddSeconds(10)));
        Assert.Equal(first, new FileInfo(Path.Combine(_target, "..data")).LinkTarget);
        Assert.True(AtomicWriter.Write(_target, Payload(("greeting", "hello", 0x100)), Now.AddSeconds(20)));
    }

    [Theory]
    [InlineData("/abs", "invalid path: must be relative path: /abs")]
    [InlineData("a/../b", "invalid path: must not contain '..': a/../b")]
    [InlineData("..hidden", "invalid path: must not start with '..': ..hidden")]
    public void Write_PathOutsideTheRules_IsRefused(string path, string message)
    {
        var error = Assert.Throws<VolumeSetUpException>(() => AtomicWriter.Write(_target, Payload((path, "x", 0x1A4)), Now));

        Assert.Equal(message, error.Message);
    }

    private static Dictionary<string, FileProjection> Payload(params (string Path, string Text, int Mode)[] files) =>
        files.ToDictionary(f => f.Path, f => new FileProjection(Encoding.UTF8.GetBytes(f.Text), f.Mode));
}
