using System.Diagnostics;
using System.Formats.Tar;

namespace Berth.Acceptance;

/// <summary>
/// Test images made from what the machine has: a busybox root filesystem (Debian busybox-static's
/// /bin/busybox plus one symlink per applet), imported into a given --root through the real launcher.
/// </summary>
public static class TestImages
{
    public const string BusyboxBinary = "/bin/busybox";

    /// <summary>Imports the busybox image into <paramref name="root"/> as <paramref name="reference"/>; returns its full id (64 hex).</summary>
    public static async Task<string> ImportBusyboxAsync(string root, string reference = "localhost/busybox:test")
    {
        var dir = Directory.CreateTempSubdirectory("berth-busybox-");
        try
        {
            var tarball = Path.Combine(dir.FullName, "rootfs.tar");
            await WriteBusyboxRootfsAsync(tarball);
            var result = await BerthBinary.RunAsync("--root", root, "image", "import", tarball, reference);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"berth image import failed ({result.ExitCode}): {result.Stderr}");
            }
            return result.Stdout.Trim();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Writes a root filesystem tar: /bin/busybox, a symlink per applet in /bin, /etc/passwd and
    /// /etc/group with root and nobody, and the empty directories a container expects.
    /// </summary>
    public static async Task WriteBusyboxRootfsAsync(string tarPath)
    {
        var applets = await ListAppletsAsync();
        await using var file = File.Create(tarPath);
        await using var tar = new TarWriter(file, TarEntryFormat.Pax);
        const UnixFileMode dirMode = (UnixFileMode)0b111_101_101;
        foreach (var dir in new[] { "bin", "etc", "dev", "proc", "sys", "root", "var", "usr", "usr/bin" })
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, $"{dir}/") { Mode = dirMode });
        }
        await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "tmp/") { Mode = (UnixFileMode)0b1_111_111_111 });
        await tar.WriteEntryAsync(BusyboxBinary, "bin/busybox");
        foreach (var applet in applets.Where(a => a != "busybox"))
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, $"bin/{applet}") { LinkName = "busybox", Mode = (UnixFileMode)0b111_111_111 });
        }
        await WriteTextAsync(tar, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
        await WriteTextAsync(tar, "etc/group", "root:x:0:\nnogroup:x:65534:\n");
    }

    private static async Task WriteTextAsync(TarWriter tar, string name, string content)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = (UnixFileMode)0b110_100_100,
            DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)),
        };
        await tar.WriteEntryAsync(entry);
    }

    private static async Task<string[]> ListAppletsAsync()
    {
        var psi = new ProcessStartInfo(BusyboxBinary, "--list") { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
