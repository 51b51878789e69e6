using System.Globalization;

namespace Berth.ApiServer.Auditing;

/// <summary>
/// The audit log file with kube's rotation (natefinch/lumberjack, what kube-apiserver uses): a line
/// that would take the file past <c>maxBytes</c> first moves it to <c>NAME-2026-12-05T21-13-00.000.EXT</c>
/// (UTC); then backups beyond <c>maxBackups</c> (newest kept) and older than <c>maxAge</c> go. Zero
/// keeps every backup, or backups of any age. With compression a backup is gzipped to
/// <c>NAME-TIME.EXT.gz</c> (lumberjack's Compress, kube's --audit-log-compress). New files are 0600: the log
/// holds request bodies.
/// </summary>
public sealed class RotatingFile : IAuditSink
{
    /// <summary>lumberjack's size when none is given (kube's --audit-log-maxsize 0).</summary>
    public const long DefaultMaxBytes = 100L * 1024 * 1024;

    private const string BackupTimeFormat = "yyyy-MM-dd'T'HH-mm-ss.fff";
    private const string GzipSuffix = ".gz";

    private readonly string _path;
    private readonly long _maxBytes;
    private readonly int _maxBackups;
    private readonly TimeSpan _maxAge;
    private readonly TimeProvider _time;
    private readonly string _directory;
    private readonly string _prefix;
    private readonly string _extension;
    private readonly bool _compress;
    private FileStream _file;

    public RotatingFile(string path, long maxBytes, int maxBackups, TimeSpan maxAge, TimeProvider time, bool compress = false)
    {
        _compress = compress;
        _path = Path.GetFullPath(path);
        _maxBytes = maxBytes > 0 ? maxBytes : DefaultMaxBytes;
        _maxBackups = maxBackups;
        _maxAge = maxAge;
        _time = time;
        _directory = Path.GetDirectoryName(_path)!;
        _extension = Path.GetExtension(_path);
        _prefix = Path.GetFileNameWithoutExtension(_path) + "-";
        Directory.CreateDirectory(_directory);
        _file = Open();
    }

    public void Write(ReadOnlySpan<byte> line)
    {
        if (_file.Length > 0 && _file.Length + line.Length > _maxBytes)
        {
            Rotate();
        }
        _file.Write(line);
    }

    public void Flush() => _file.Flush();

    public void Dispose() => _file.Dispose();

    /// <summary>The backups there are now, newest first, with the time their names give.</summary>
    public IReadOnlyList<(string Path, DateTime Time)> Backups() =>
        [.. Directory.EnumerateFiles(_directory, $"{_prefix}*")
            .Select(file => (file, Name: Path.GetFileName(file)))
            .Select(f => (f.file, Stamp: f.Name.EndsWith(_extension + GzipSuffix, StringComparison.Ordinal) ? f.Name[..^GzipSuffix.Length] : f.Name))
            .Where(f => f.Stamp.EndsWith(_extension, StringComparison.Ordinal) && f.Stamp.Length >= _prefix.Length + _extension.Length)
            .Select(f => (f.file, Ok: DateTime.TryParseExact(f.Stamp[_prefix.Length..^_extension.Length], BackupTimeFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time), time))
            .Where(f => f.Ok)
            .Select(f => (f.file, f.time))
            .OrderByDescending(f => f.time)];

    private FileStream Open() => new(_path, OwnerOnly(FileMode.Append));

    private static FileStreamOptions OwnerOnly(FileMode mode)
    {
        var options = new FileStreamOptions
        {
            Mode = mode,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 64 * 1024,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        return options;
    }

    private void Rotate()
    {
        _file.Dispose();
        var now = _time.GetUtcNow().UtcDateTime;
        var backup = Path.Combine(_directory, $"{_prefix}{now.ToString(BackupTimeFormat, CultureInfo.InvariantCulture)}{_extension}");
        File.Move(_path, backup, overwrite: true);
        _file = Open();
        if (_compress)
        {
            Compress(backup);
        }
        Prune(now);
    }

    private static void Compress(string backup)
    {
        using (var source = File.OpenRead(backup))
        using (var target = new FileStream(backup + GzipSuffix, OwnerOnly(FileMode.Create)))
        using (var gzip = new System.IO.Compression.GZipStream(target, System.IO.Compression.CompressionLevel.Optimal))
        {
            source.CopyTo(gzip);
        }
        File.Delete(backup);
    }

    private void Prune(DateTime now)
    {
        var backups = Backups();
        for (var i = 0; i < backups.Count; i++)
        {
            if ((_maxBackups > 0 && i >= _maxBackups) || (_maxAge > TimeSpan.Zero && backups[i].Time < now - _maxAge))
            {
                File.Delete(backups[i].Path);
            }
        }
    }
}
