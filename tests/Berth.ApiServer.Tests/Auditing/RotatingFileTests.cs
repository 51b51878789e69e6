using System.Text;
using Berth.ApiServer.Auditing;

namespace Berth.ApiServer.Tests.Auditing;

public sealed class RotatingFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-audit-").FullName;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 5, 21, 13, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Line(int i) => Encoding.UTF8.GetBytes($"{{\"n\":{i},\"pad\":\"{new string('x', 88)}\"}}\n");

    [Fact]
    public void Write_PastMaxSize_RotatesToTimestampedBackups_KeepingMaxBackup()
    {
        var path = Path.Combine(_dir, "audit.log");
        using (var file = new RotatingFile(path, maxBytes: 1000, maxBackups: 3, maxAge: TimeSpan.Zero, _clock))
        {
            for (var i = 0; i < 100; i++)
            {
                file.Write(Line(i));
                file.Flush();
                _clock.Advance(TimeSpan.FromSeconds(1));
            }
            Assert.Equal(3, file.Backups().Count);
        }

        var names = Directory.GetFiles(_dir).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(4, names.Count);
        Assert.Contains("audit.log", names);
        Assert.All(names.Where(n => n != "audit.log"), n => Assert.Matches(@"^audit-2026-12-05T21-14-\d\d\.000\.log$", n));
        Assert.InRange(new FileInfo(path).Length, 1, 1000);
        Assert.All(Directory.GetFiles(_dir), f => Assert.InRange(new FileInfo(f).Length, 1, 1000));
        // Lines are whole in every file, and the newest backup ends where the current file begins.
        var current = File.ReadAllLines(path);
        var newest = File.ReadAllLines(Path.Combine(_dir, names[^2]!));
        Assert.Equal(current[0], Encoding.UTF8.GetString(Line(int.Parse(newest[^1][5..].Split(',')[0]) + 1)).TrimEnd('\n'));
    }

    [Fact]
    public void Compress_GzipsEachBackup_AndCountsThemAsBackups()
    {
        var path = Path.Combine(_dir, "audit.log");
        using (var file = new RotatingFile(path, maxBytes: 1000, maxBackups: 2, maxAge: TimeSpan.Zero, _clock, compress: true))
        {
            for (var i = 0; i < 60; i++)
            {
                file.Write(Line(i));
                _clock.Advance(TimeSpan.FromSeconds(1));
            }
            Assert.Equal(2, file.Backups().Count);
        }

        var backups = Directory.GetFiles(_dir, "audit-*").Order().ToList();
        Assert.Equal(2, backups.Count);
        Assert.All(backups, b => Assert.EndsWith(".log.gz", b));
        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(backups[^1]), System.IO.Compression.CompressionMode.Decompress);
        var lines = new StreamReader(gzip).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.StartsWith("{\"n\":", l));
    }

    [Fact]
    public void Rotate_DeletesBackupsOlderThanMaxAge()
    {
        var path = Path.Combine(_dir, "audit.log");
        var old = Path.Combine(_dir, "audit-2026-11-01T00-00-00.000.log");
        var recent = Path.Combine(_dir, "audit-2026-12-01T00-00-00.000.log");
        var unrelated = Path.Combine(_dir, "audit-notes.log");
        File.WriteAllText(old, "old\n");
        File.WriteAllText(recent, "recent\n");
        File.WriteAllText(unrelated, "keep\n");

        using (var file = new RotatingFile(path, maxBytes: 150, maxBackups: 0, maxAge: TimeSpan.FromDays(7), _clock))
        {
            file.Write(Line(1));
            file.Write(Line(2));
        }

        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent));
        Assert.True(File.Exists(unrelated));
        Assert.True(File.Exists(Path.Combine(_dir, "audit-2026-12-05T21-13-00.000.log")));
    }

    [Fact]
    public void Open_ExistingFile_Appends_AndNewFilesAreOwnerOnly()
    {
        var path = Path.Combine(_dir, "audit.log");
        using (var file = new RotatingFile(path, 0, 0, TimeSpan.Zero, _clock))
        {
            file.Write(Line(1));
        }
        using (var file = new RotatingFile(path, 0, 0, TimeSpan.Zero, _clock))
        {
            file.Write(Line(2));
        }

        Assert.Equal(2, File.ReadAllLines(path).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }
}
