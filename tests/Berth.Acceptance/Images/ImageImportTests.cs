using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json;

namespace Berth.Acceptance.Images;

[SupportedOSPlatform("linux")]
public sealed class ImageImportTests : IDisposable
{
    private readonly TempEngineRoot _root = new();

    [Fact]
    public async Task Import_BusyboxTarball_IsListedWithNameTagAndShortId()
    {
        var id = await TestImages.ImportBusyboxAsync(_root.Path, "busybox:one");

        var result = await _root.BerthAsync("image", "ls");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.TrimEnd().Split('\n');
        Assert.Equal(["REPOSITORY", "TAG", "IMAGE", "ID", "CREATED", "SIZE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var row = lines[1].Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["localhost/busybox", "one", id[..12]], row[..3]);
        Assert.EndsWith("MB", row[^1]);
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public async Task Images_ShortForm_ListsTheSameAsImageLs()
    {
        await TestImages.ImportBusyboxAsync(_root.Path);

        var shortForm = await _root.BerthAsync("images");
        var longForm = await _root.BerthAsync("image", "ls", "-q");

        Assert.Equal(0, shortForm.ExitCode);
        Assert.Contains("localhost/busybox", shortForm.Stdout);
        Assert.Contains(longForm.Stdout.Trim(), shortForm.Stdout);
    }

    [Fact]
    public async Task Inspect_ImportedImage_ShowsIdAndAnUnpackedLayer()
    {
        var id = await TestImages.ImportBusyboxAsync(_root.Path, "bb");

        var result = await _root.BerthAsync("image", "inspect", id[..5]);

        Assert.Equal(0, result.ExitCode);
        var image = JsonDocument.Parse(result.Stdout).RootElement[0];
        Assert.Equal(id, image.GetProperty("Id").GetString());
        Assert.Equal("localhost/bb:latest", image.GetProperty("RepoTags")[0].GetString());
        var layer = image.GetProperty("LayerDirectories")[0].GetString()!;
        Assert.True(File.Exists(Path.Combine(layer, "bin", "busybox")));
        Assert.Equal("busybox", new FileInfo(Path.Combine(layer, "bin", "sh")).LinkTarget);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead |
            UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite |
            UnixFileMode.OtherExecute | UnixFileMode.StickyBit, File.GetUnixFileMode(Path.Combine(layer, "tmp")));
    }

    [Fact]
    public async Task Import_SameNameAgain_PreviousImageBecomesDangling()
    {
        var first = await TestImages.ImportBusyboxAsync(_root.Path, "bb");
        var second = await TestImages.ImportBusyboxAsync(_root.Path, "bb");

        var result = await _root.BerthAsync("images");

        Assert.NotEqual(first, second);
        Assert.Matches($@"localhost/bb\s+latest\s+{second[..12]}", result.Stdout);
        Assert.Matches($@"<none>\s+<none>\s+{first[..12]}", result.Stdout);
    }

    [Fact]
    public async Task Import_TwoAtOnceIntoOneRoot_BothSucceed()
    {
        var imports = await Task.WhenAll(TestImages.ImportBusyboxAsync(_root.Path, "a"), TestImages.ImportBusyboxAsync(_root.Path, "b"));

        var result = await _root.BerthAsync("images");

        Assert.Contains($"localhost/a", result.Stdout);
        Assert.Contains($"localhost/b", result.Stdout);
        Assert.Contains(imports[0][..12], result.Stdout);
        Assert.Contains(imports[1][..12], result.Stdout);
    }

    [Fact]
    public async Task Import_KilledMidway_LeavesAStoreTheNextCommandCanUse()
    {
        var tarball = Path.Combine(_root.Path, "big.tar");
        await WriteLargeTarAsync(tarball);
        var psi = new ProcessStartInfo(BerthBinary.Launcher) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var arg in new[] { "--root", Path.Combine(_root.Path, "engine"), "image", "import", tarball, "big" })
        {
            psi.ArgumentList.Add(arg);
        }
        using (var import = Process.Start(psi)!)
        {
            await Task.Delay(600);
            import.Kill(entireProcessTree: true);
            await import.WaitForExitAsync();
        }

        var engine = Path.Combine(_root.Path, "engine");
        var id = await TestImages.ImportBusyboxAsync(engine, "after");
        var list = await BerthBinary.RunAsync("--root", engine, "images");

        Assert.Equal(0, list.ExitCode);
        Assert.Contains(id[..12], list.Stdout);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(engine, "tmp")));
        foreach (var name in new[] { "big", "after" })
        {
            var inspect = await BerthBinary.RunAsync("--root", engine, "image", "inspect", name);
            if (inspect.ExitCode == 0)
            {
                var layer = JsonDocument.Parse(inspect.Stdout).RootElement[0].GetProperty("LayerDirectories")[0].GetString()!;
                Assert.True(Directory.Exists(layer));
            }
        }
    }

    [Fact]
    public async Task Import_MissingFile_FailsWithOneLine()
    {
        var result = await _root.BerthAsync("image", "import", "/nonexistent/rootfs.tar", "x");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("Error: /nonexistent/rootfs.tar: no such file", result.Stderr.Trim());
    }

    [Fact]
    public async Task Import_NotATar_FailsAndAddsNoImage()
    {
        var junk = Path.Combine(_root.Path, "junk.tar");
        await File.WriteAllTextAsync(junk, new string('x', 2000));

        var result = await _root.BerthAsync("image", "import", junk, "junk");
        var list = await _root.BerthAsync("image", "ls", "-q");

        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith("Error: ", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Equal("", list.Stdout);
    }

    [Fact]
    public async Task Import_UppercaseName_IsRejected()
    {
        var result = await _root.BerthAsync("image", "import", "/bin/busybox", "BusyBox");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("repository name must be lowercase", result.Stderr);
    }

    [Fact]
    public async Task Inspect_UnknownImage_FailsWithImageNotKnown()
    {
        var result = await _root.BerthAsync("image", "inspect", "nosuchimage");

        Assert.Equal(125, result.ExitCode);
        Assert.Equal("Error: nosuchimage: image not known", result.Stderr.Trim());
        Assert.Equal("", result.Stdout);
    }

    public void Dispose() => _root.Dispose();

    /// <summary>A tar of incompressible data, big enough that importing it takes a while.</summary>
    private static async Task WriteLargeTarAsync(string path)
    {
        await using var file = File.Create(path);
        await using var tar = new System.Formats.Tar.TarWriter(file);
        var data = new byte[96 << 20];
        Random.Shared.NextBytes(data);
        await tar.WriteEntryAsync(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "big.bin") { DataStream = new MemoryStream(data) });
    }
}
