using System.Diagnostics;
using System.Formats.Tar;

namespace Berth.Acceptance.Space;

/// <summary>Starts a real `berth image import` of a large layer and SIGKILLs it midway, as a crash or an OOM kill would.</summary>
public static class KilledImport
{
    private const int LayerBytes = 256 << 20;

    /// <summary>Kills an import into <paramref name="root"/> once it has written part of its layer; returns the bytes it left in tmp/.</summary>
    public static async Task<long> LeaveLeftoversAsync(string root)
    {
        var tarball = Path.Combine(root, "big.tar");
        await WriteRandomLayerAsync(tarball);
        var tmp = Path.Combine(root, "tmp");
        var psi = new ProcessStartInfo(BerthBinary.Launcher) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "--root", root, "image", "import", tarball, "localhost/killed:1" })
        {
            psi.ArgumentList.Add(arg);
        }
        using var process = Process.Start(psi)!;
        try
        {
            // Kill as soon as the import has over a MiB in tmp/; random data keeps it busy for seconds.
            for (var polls = 0; polls < 3000 && !process.HasExited && Leftovers(tmp) < 1 << 20; polls++)
            {
                await Task.Delay(10);
            }
            Assert.False(process.HasExited, "the import finished before it could be killed");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            File.Delete(tarball);
        }
        return Leftovers(tmp);
    }

    private static long Leftovers(string tmp) =>
        Directory.Exists(tmp) ? new DirectoryInfo(tmp).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    private static async Task WriteRandomLayerAsync(string path)
    {
        var content = new byte[LayerBytes];
        Random.Shared.NextBytes(content);
        await using var file = File.Create(path);
        await using var tar = new TarWriter(file, TarEntryFormat.Pax);
        await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "random") { DataStream = new MemoryStream(content) });
    }
}
